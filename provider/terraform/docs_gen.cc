#include "provider/terraform/docs_gen.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "provider/resources/schema.h"
#include "provider/terraform/handshake.h"
#include "provider/terraform/tf_schema.h"

namespace wgmesh::terraform {
namespace {

using Attrs = google::protobuf::RepeatedPtrField<tfplugin6::Schema::Attribute>;

constexpr char kProviderExample[] = R"(terraform {
  required_providers {
    wgmesh = {
      source = "wgmesh.local/wgmesh/wgmesh"
    }
  }
}

provider "wgmesh" {
  user             = "root"
  private_key      = file("~/.ssh/id_ed25519")
  known_hosts_file = "~/.ssh/known_hosts"
}
)";

constexpr char kMeshExample[] = R"(resource "wgmesh_mesh" "lab" {
  name    = "lab"
  network = "10.0.0.0/24"
  nodes = {
    a = { addr = "10.0.0.1/24", endpoint = "203.0.113.1" }
    b = { addr = "10.0.0.2/24", endpoint = "203.0.113.2" }
    c = { addr = "10.0.0.3/24", endpoint = "198.51.100.3:51900", listen_port = 51900 }
  }
}

output "public_keys" {
  value = wgmesh_mesh.lab.public_keys
}
)";

constexpr char kNodeExample[] = R"(variable "hosts" {
  type = map(string) # node name -> SSH address
}

resource "wgmesh_node" "lab" {
  for_each  = wgmesh_mesh.lab.nodes
  mesh      = wgmesh_mesh.lab.name # known at plan, even while node_configs is not
  node_name = each.key
  config    = wgmesh_mesh.lab.node_configs[each.key]
  connection = {
    host = var.hosts[each.key]
  }
  timeouts {
    create = "10m"
  }
}

# Renaming a for_each key (or the resource) without moving it would create the new
# instance and destroy the old one: tell Terraform it is the same node.
moved {
  from = wgmesh_node.lab["old-name"]
  to   = wgmesh_node.lab["new-name"]
}
)";

constexpr char kNodeWorkflows[] = R"(## Workflows

- **Renaming or moving a node.** A new resource address is a new instance: without a
  `moved` block (Terraform, OpenTofu) or `aliases` (Pulumi), the engine creates the new
  instance and destroys the old one, in no guaranteed order. Created first (Pulumi always
  does; OpenTofu did in our runs), the new instance records itself as the host's owner
  (`owner_id`, in `/etc/wireguard/wg-<mesh>.owner`) without touching a link, and the old
  instance's delete leaves a host it no longer owns alone, with a warning: no packet is
  lost. Destroyed first (Terraform 1.5.7 did), the host leaves the mesh until the new
  instance's create puts it back. Declare the move, as in the example above: the plan
  then shows no create and no destroy.
- **Replacing a node** (`-replace`, or a replacement the plan decides: another `mesh`,
  `node_name` or `connection.host`). By default the engine destroys first: the host
  leaves the mesh until the new instance's create puts it back, seconds later. With
  `lifecycle { create_before_destroy = true }` the new instance takes the host over first
  and the old one's delete then leaves it alone: no packet is lost. Pulumi replaces
  delete-first too (the provider asks for it, so that a replacement on the same host never
  tears down what it just built); a rename without `aliases` is create-first.
- **Identity known at plan.** Set `mesh` and `node_name` (the Mesh's `name` and the
  `nodes` key): a plan then knows which node this is even while `config` is unknown (an
  endpoint taken from a VM created in the same apply) and updates in place. A `mesh`,
  `node_name` or `connection.host` that is unknown at plan plans a replacement.
- **Timeouts.** `timeouts { create, update, delete }` (Terraform, OpenTofu) and
  `customTimeouts` (Pulumi) bound the host operation; when one runs out the operation is
  stopped and the error says so.
- **Credentials.** Put the SSH key in the provider configuration (recommended): it is
  then never stored in a node's state. A node's own `private_key` or `password` is kept
  in state (marked sensitive). `private_key_wo` and `password_wo` (Terraform and OpenTofu
  1.11 or later) are never stored, and are used to create and update only: destroy and
  refresh receive no configuration from the engine and use the provider's credentials.
- **A host gone for good.** Destroy and refresh fail while a host cannot be reached.
  `forget_unreachable = true` lets both proceed with a warning when no SSH connection can
  be made at all (authentication and host key errors still fail); the host is not touched.
- **A failed first create** that changed nothing on the host (wrong address, port or key;
  a failed preflight) records nothing: fix the connection and apply again.

)";

constexpr char kNodeImport[] = R"(# <mesh>/[<user>@]<host>[:<port>]; the node's config is read back from the host,
# credentials come from the provider configuration.
tofu import 'wgmesh_node.lab["a"]' 'lab/root@203.0.113.1:22'
)";

std::string TypeName(const tfplugin6::Schema::Attribute& a) {
  if (a.has_nested_type()) {
    switch (a.nested_type().nesting()) {
      case tfplugin6::Schema::Object::MAP: return "Attributes Map";
      case tfplugin6::Schema::Object::LIST: return "Attributes List";
      case tfplugin6::Schema::Object::SET: return "Attributes Set";
      default: return "Attributes";
    }
  }
  const std::string& t = a.type();
  if (t == "\"string\"") return "String";
  if (t == "\"number\"") return "Number";
  if (t == "\"bool\"") return "Boolean";
  if (t == R"(["list","string"])") return "List of String";
  if (t == R"(["map","string"])") return "Map of String";
  return t;
}

std::string Anchor(const std::string& path) {
  return absl::StrCat("nestedatt--", absl::StrReplaceAll(path, {{".", "--"}}));
}

// One line per attribute; nested schemas queued for later sections.
void Section(const std::string& title, const Attrs& attrs, const std::string& prefix, bool want(const tfplugin6::Schema::Attribute&),
             std::string& out, std::vector<std::pair<std::string, const Attrs*>>& nested) {
  std::string lines;
  for (const auto& a : attrs) {
    if (!want(a)) continue;
    std::string path = prefix.empty() ? a.name() : absl::StrCat(prefix, ".", a.name());
    absl::StrAppend(&lines, "- `", a.name(), "` (", TypeName(a),
                    a.sensitive() ? ", Sensitive" : "", ") ", a.description());
    if (a.has_nested_type()) {
      absl::StrAppend(&lines, " (see [below for nested schema](#", Anchor(path), "))");
      nested.emplace_back(path, &a.nested_type().attributes());
    }
    lines += "\n";
  }
  if (!lines.empty()) absl::StrAppend(&out, "### ", title, "\n\n", lines, "\n");
}

bool IsRequired(const tfplugin6::Schema::Attribute& a) { return a.required(); }
bool IsOptional(const tfplugin6::Schema::Attribute& a) { return a.optional(); }
bool IsReadOnly(const tfplugin6::Schema::Attribute& a) { return a.computed() && !a.optional(); }

// The block's attributes, with each nested block listed as an attribute whose
// description says it is a block (docs only: HCL writes it without `=`).
Attrs WithBlocks(const tfplugin6::Schema::Block& block) {
  Attrs out = block.attributes();
  for (const auto& b : block.block_types()) {
    tfplugin6::Schema::Attribute* a = out.Add();
    a->set_name(b.type_name());
    a->set_optional(true);
    a->set_description(absl::StrCat("(Block: `", b.type_name(), " { ... }`) ", b.block().description()));
    a->mutable_nested_type()->set_nesting(tfplugin6::Schema::Object::SINGLE);
    *a->mutable_nested_type()->mutable_attributes() = b.block().attributes();
  }
  return out;
}

std::string SchemaSections(const Attrs& attrs) {
  std::string out = "## Schema\n\n";
  std::vector<std::pair<std::string, const Attrs*>> nested;
  Section("Required", attrs, "", IsRequired, out, nested);
  Section("Optional", attrs, "", IsOptional, out, nested);
  Section("Read-Only", attrs, "", IsReadOnly, out, nested);
  for (size_t i = 0; i < nested.size(); ++i) {
    auto [path, sub] = nested[i];
    absl::StrAppend(&out, "<a id=\"", Anchor(path), "\"></a>\n### Nested Schema for `", path,
                    "`\n\n");
    std::string body;
    Section("Required", *sub, path, IsRequired, body, nested);
    Section("Optional", *sub, path, IsOptional, body, nested);
    Section("Read-Only", *sub, path, IsReadOnly, body, nested);
    // Nested sections are one level deeper.
    absl::StrAppend(&out, absl::StrReplaceAll(body, {{"### ", "#### "}}));
  }
  while (out.size() >= 2 && out.substr(out.size() - 2) == "\n\n") out.pop_back();
  return out;
}

std::string FrontMatter(const std::string& title, const std::string& description) {
  std::string indented = absl::StrReplaceAll(description, {{"\n", "\n  "}});
  return absl::StrCat("---\n# Generated from schema/wgmesh.schema.json by wgmesh-gen-docs. ",
                      "Do not edit.\npage_title: \"", title, "\"\nsubcategory: \"\"\n",
                      "description: |-\n  ", indented, "\n---\n\n");
}

std::string Code(const char* lang, const char* text) {
  return absl::StrCat("```", lang, "\n", text, "```\n\n");
}

}  // namespace

std::map<std::string, std::string> GenerateDocs() {
  const ProviderSchema& s = TerraformSchema();
  const resources::PackageSchema& pkg = resources::Schema();
  std::map<std::string, std::string> out;

  std::string index = FrontMatter("wgmesh Provider", pkg.description);
  absl::StrAppend(&index, "# wgmesh Provider\n\n", pkg.description, "\n\n",
                  "Two resources: `wgmesh_mesh` computes every node's configuration and touches "
                  "no host; `wgmesh_node` configures one host over SSH. The provider "
                  "configuration holds defaults for every node's connection.\n\n",
                  "## Example Usage\n\n", Code("terraform", kProviderExample),
                  SchemaSections(s.provider.block().attributes()));
  out["index.md"] = index;

  for (const auto& [name, rt] : s.resources) {
    const std::string& desc = rt.schema.block().description();
    std::string page = FrontMatter(absl::StrCat(name, " Resource - wgmesh"), desc);
    absl::StrAppend(&page, "# ", name, " (Resource)\n\n", desc, "\n\n", "## Example Usage\n\n",
                    Code("terraform", name == "wgmesh_mesh" ? kMeshExample : kNodeExample),
                    SchemaSections(WithBlocks(rt.schema.block())));
    if (name == "wgmesh_node")
      absl::StrAppend(&page, "\n", kNodeWorkflows, "## Import\n\n", Code("shell", kNodeImport));
    if (page.back() != '\n') page += '\n';
    while (page.size() >= 2 && page.substr(page.size() - 2) == "\n\n") page.pop_back();
    out[absl::StrCat("resources/", name.substr(name.find('_') + 1), ".md")] = page;
  }
  for (auto& [path, text] : out)
    if (text.back() != '\n') text += '\n';
  return out;
}

}  // namespace wgmesh::terraform
