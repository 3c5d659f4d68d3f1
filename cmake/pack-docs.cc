// Build tool: reads a YAML file as parse_docs does and writes it in doc_pack.h's form, which the
// binary embeds instead of the YAML (see CMakeLists.txt). Usage: pack-docs IN.yaml OUT
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "yaml/doc.h"
#include "yaml/doc_pack.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: pack-docs IN.yaml OUT\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    std::fprintf(stderr, "%s: cannot read\n", argv[1]);
    return 1;
  }
  std::vector<vg::Doc> docs;
  vg::DocParseError error;
  if (!vg::parse_docs(text.str(), docs, error)) {
    std::fprintf(stderr, "%s:%d:%d: %s\n", argv[1], error.line, error.column, error.message.c_str());
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  out << vg::pack_docs(docs);
  out.close();
  if (!out) {
    std::fprintf(stderr, "%s: cannot write\n", argv[2]);
    return 1;
  }
  return 0;
}
