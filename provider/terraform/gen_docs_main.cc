// wgmesh-gen-docs DIR          writes the registry docs (index.md, resources/*.md) into DIR
// wgmesh-gen-docs --check DIR  exits 1 and names every page that differs from the schema
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "provider/terraform/docs_gen.h"

int main(int argc, char** argv) {
  bool check = argc == 3 && std::string(argv[1]) == "--check";
  if (!(argc == 2 || check)) {
    std::fprintf(stderr, "usage: wgmesh-gen-docs [--check] DOCS_DIR\n");
    return 2;
  }
  std::filesystem::path dir = argv[argc - 1];
  int stale = 0;
  for (const auto& [rel, text] : wgmesh::terraform::GenerateDocs()) {
    std::filesystem::path path = dir / rel;
    if (check) {
      std::ifstream in(path, std::ios::binary);
      std::stringstream have;
      have << in.rdbuf();
      if (!in || have.str() != text) {
        std::fprintf(stderr, "%s is out of date: run scripts/gen-docs\n", path.c_str());
        ++stale;
      }
      continue;
    }
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", path.c_str());
      return 1;
    }
    std::printf("wrote %s\n", path.c_str());
  }
  return stale ? 1 : 0;
}
