// Streaming pass over the input bytes (libyaml events): finds where each item starts and ends,
// what it is (apiVersion/kind/name/namespace, kpt path annotation), and enforces the limits.
// No tree is built here: untouched items are later copied through byte for byte.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "krm/finding.h"
#include "yaml/limits.h"

namespace vg {

struct ItemSpan {
  std::size_t begin = 0;  // byte offsets in the input of the item's own node
  std::size_t end = 0;
  int line = 1;           // 1-based line of `begin`
  int column = 0;         // 0-based column of `begin` (characters)
  bool flow = false;      // `{...}` style (JSON input), copied with its own layout
  std::string api_version, kind, name, namespace_;
  std::string path;       // internal.config.kubernetes.io/path or config.kubernetes.io/path
  bool has_alias = false;
  int path_index = -1;     // internal.config.kubernetes.io/index or config.kubernetes.io/index; -1: none
  bool generated = false;  // carries a non-empty volsync-gen.io/source-pvc annotation (a previous run made it)
  std::string source_pvc;  // that annotation's value
  bool managed_label = false;  // label app.kubernetes.io/managed-by: volsync-gen

  ResourceRef ref() const { return {api_version, kind, name, namespace_}; }
  // The line to report next to `path`: input lines of a ResourceList that kpt re-serialized do
  // not map onto the file it read, so with a kpt path the finding names the file only.
  int file_line() const { return path.empty() ? line : 0; }
};

enum class InputShape { kResourceList, kStream };

struct ScanResult {
  InputShape shape = InputShape::kResourceList;
  std::string list_api_version;  // echoed in the output ResourceList
  std::vector<ItemSpan> items;
  std::optional<ItemSpan> function_config;
};

// A KRM ResourceList (one document, kind ResourceList or List with items).
bool scan_resource_list(std::string_view input, const Limits& limits, ScanResult& out,
                        Findings& findings);
// A plain multi-document YAML stream of objects (legacy kustomize plugins, lint files).
bool scan_stream(std::string_view input, const Limits& limits, ScanResult& out,
                 Findings& findings);
// Either: a single document with kind ResourceList/List is unwrapped, anything else is a stream.
bool scan_any(std::string_view input, const Limits& limits, ScanResult& out, Findings& findings);

// The item's text re-indented so that its node starts at column 0: parseable on its own and
// ready to be written back under `- `. Block items only shift indentation; flow items are verbatim.
std::string item_text(std::string_view input, const ItemSpan& span);

}  // namespace vg
