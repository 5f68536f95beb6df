// A minimal MessagePack reader and writer: exactly the formats Terraform's DynamicValue uses.
//
// The writer always picks the smallest encoding (51820 -> cd ca 6c). The reader accepts every
// width of every format, checks bounds on each read, and never trusts a length it has not
// verified against the remaining bytes.
#ifndef WGMESH_PROVIDER_TERRAFORM_MSGPACK_H_
#define WGMESH_PROVIDER_TERRAFORM_MSGPACK_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/input_limits.h"

namespace wgmesh::terraform {

class MsgpackWriter {
 public:
  void Nil();
  void Bool(bool b);
  void Int(int64_t v);  // non-negative values use the unsigned formats
  void Uint(uint64_t v);
  void Double(double v);  // always float64
  void String(std::string_view s);
  void Binary(std::string_view b);
  void ArrayHeader(uint32_t size);
  void MapHeader(uint32_t size);
  void Ext(int8_t type, std::string_view data);

  const std::string& bytes() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Byte(uint8_t b) { out_.push_back(static_cast<char>(b)); }
  void BigEndian(uint64_t v, int bytes);
  void Header(uint8_t fix_base, uint32_t fix_max, uint8_t code8, uint8_t code16, uint8_t code32,
              uint32_t size);

  std::string out_;
};

class MsgpackReader {
 public:
  // What the next value is. kInt is a signed format (negative fixint, int8..int64);
  // kUint is an unsigned one (positive fixint, uint8..uint64).
  enum class Type { kNil, kBool, kInt, kUint, kFloat, kString, kBinary, kArray, kMap, kExt };
  struct ExtValue {
    int8_t type;
    std::string_view data;
  };

  // Reads `data` in place: it must outlive the reader.
  explicit MsgpackReader(std::string_view data) : data_(data) {}
  explicit MsgpackReader(std::string&&) = delete;

  absl::StatusOr<Type> Peek() const;
  absl::Status ReadNil();
  absl::StatusOr<bool> ReadBool();
  absl::StatusOr<int64_t> ReadInt();    // kInt, or kUint up to INT64_MAX
  absl::StatusOr<uint64_t> ReadUint();  // kUint
  absl::StatusOr<double> ReadFloat();   // float32 or float64
  absl::StatusOr<std::string_view> ReadString();
  absl::StatusOr<std::string_view> ReadBinary();
  absl::StatusOr<uint32_t> ReadArrayHeader();
  absl::StatusOr<uint32_t> ReadMapHeader();
  absl::StatusOr<ExtValue> ReadExt();
  // Skips one whole value (nesting limited to kMaxDepth).
  absl::Status Skip();

  bool AtEnd() const { return pos_ == data_.size(); }
  size_t offset() const { return pos_; }

  static constexpr int kMaxDepth = kMaxNestingDepth;

 private:
  absl::StatusOr<uint8_t> Byte();
  absl::StatusOr<uint64_t> BigEndian(int bytes);
  absl::StatusOr<std::string_view> Bytes(uint64_t n);
  absl::Status SkipAt(int depth);
  absl::Status Mismatch(std::string_view wanted) const;

  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace wgmesh::terraform

#endif  // WGMESH_PROVIDER_TERRAFORM_MSGPACK_H_
