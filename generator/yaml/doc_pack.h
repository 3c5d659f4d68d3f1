// A compact binary form of Doc trees, for the CRD schemas compiled into the binary. libyaml takes
// ~3 ms to read their YAML, on every run; unpacking all of it into Docs took ~12 ms of a 25 ms run
// (an allocation per node). A run validates two kinds and a few dozen of their thousands of fields,
// so every map and sequence records its length in bytes: PackedNode::unpack with a Defer leaves
// chosen values packed, stepped over unread, to be unpacked when they are needed.
// The build packs schemas/*.yaml with cmake/pack-docs.cc.
//
// Types, text and tags are kept; marks are not (nothing reports a line of an embedded schema).
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "yaml/doc.h"

namespace vg {

std::string pack_docs(const std::vector<Doc>& docs);

// False (and `out` unspecified) when `bytes` is not something pack_docs wrote.
bool unpack_docs(std::string_view bytes, std::vector<Doc>& out);

// One packed node, read in place: the bytes are not copied and must outlive it.
class PackedNode {
 public:
  PackedNode() = default;
  // The bytes of one node, as packed_docs and Defer give them.
  explicit PackedNode(std::string_view bytes) : bytes_(bytes) {}

  // Called for each map entry as it is unpacked: `within` is the key the map itself is the value
  // of ("" at the top and in sequences), `depth` the map's depth below the node unpacked (0 for
  // the node itself). Returning true leaves `slot` (the entry's value) undefined: the caller
  // keeps `value` to unpack later.
  using Defer = std::function<bool(std::string_view within, int depth, const Doc& key, PackedNode value, Doc& slot)>;
  // False when the bytes are damaged (`out` unspecified).
  bool unpack(Doc& out, const Defer& defer = nullptr) const;

 private:
  std::string_view bytes_;  // exactly this node's bytes; empty: undefined
};

// The documents of a pack_docs text, unread; false when its framing is damaged.
bool packed_docs(std::string_view bytes, std::vector<PackedNode>& out);

}  // namespace vg
