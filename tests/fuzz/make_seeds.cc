// Writes the seed corpora that are not plain text (node configs with real
// keys, msgpack, protobuf) into <dir>/<fuzzer>/: run once, the files are in
// the repository (tests/fuzz/corpus).
//   fuzz_make_seeds tests/fuzz/corpus
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/node_plan_json.h"
#include "provider/pulumi/struct_codec.h"
#include "provider/terraform/msgpack_codec.h"
#include "tests/fuzz/fuzz_support.h"

using namespace wgmesh;

namespace {

void Write(const std::filesystem::path& dir, const std::string& name, const std::string& bytes) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
}

std::vector<Value> SampleValues() {
  Value node = Value::Object();
  node.Set("addr", Value::String("10.7.0.1/24"));
  node.Set("listen_port", Value::Int(51820));
  node.Set("full", Value::Bool(true));
  Value peers = Value::List();
  peers.Append(Value::String("b"));
  peers.Append(Value::String("c"));
  node.Set("peers", peers);
  Value secret = Value::String("seed");
  secret.set_secret(true);
  node.Set("seed", secret);
  node.Set("pending", Value::Unknown());
  node.Set("ratio", Value::Double(0.5));
  Value nodes = Value::Map({{"a", node}});
  return {Value::String("wg0"), Value::Int(-7), node, nodes};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fuzz_make_seeds <corpus dir>\n";
    return 2;
  }
  const std::filesystem::path root = argv[1];
  for (const NodePlan& n : fuzz::SampleMeshPlan().nodes)
    Write(root / "node_config", "sample-" + n.node + ".json", NodePlanToText(n));
  int i = 0;
  for (const Value& v : SampleValues()) {
    const std::string name = "value-" + std::to_string(i++);
    absl::StatusOr<std::string> msgpack =
        terraform::EncodeMsgpack(v, terraform::CtyType::Dynamic());
    if (msgpack.ok()) Write(root / "msgpack", name + ".msgpack", *msgpack);
    Value wrapped = Value::Object();
    wrapped.Set("v", v);
    absl::StatusOr<google::protobuf::Struct> s = pulumi::ToStruct(wrapped);
    if (s.ok()) Write(root / "struct_value", name + ".pb", s->SerializeAsString());
    if (!s.ok()) std::cerr << name << ": " << s.status() << "\n";
  }
  return 0;
}
