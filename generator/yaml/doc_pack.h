// A compact binary form of Doc trees, for the CRD schemas compiled into the binary. libyaml takes
// ~3 ms to read their 240 kB of YAML, on every run; unpacking this form takes about a fifth of that.
// The build packs schemas/*.yaml with cmake/pack-docs.cc.
//
// Types, text and tags are kept; marks are not (nothing reports a line of an embedded schema).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "yaml/doc.h"

namespace vg {

std::string pack_docs(const std::vector<Doc>& docs);

// False (and `out` unspecified) when `bytes` is not something pack_docs wrote.
bool unpack_docs(std::string_view bytes, std::vector<Doc>& out);

}  // namespace vg
