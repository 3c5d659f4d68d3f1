// Files compiled into the binary (templates/, schemas/), looked up by their path in the source tree.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace vg {

struct EmbeddedFile {
  std::string_view path;  // e.g. "templates/replicationsource.yaml"
  std::string_view contents;
};

const std::vector<EmbeddedFile>& embedded_files();

inline std::optional<std::string_view> embedded_file(std::string_view path) {
  for (const auto& f : embedded_files())
    if (f.path == path) return f.contents;
  return std::nullopt;
}

}  // namespace vg
