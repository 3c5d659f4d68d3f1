// Whole-stream reads and checked writes: a short write must never look like success, because
// kustomize and kpt take empty output as "delete every resource".
#pragma once
#include <cstdio>
#include <optional>
#include <string>

namespace vg {

// Reads all of `f` up to `limit` bytes; nullopt on a read error or when the input is larger.
std::optional<std::string> read_all(std::FILE* f, std::size_t limit, bool& too_large);
std::optional<std::string> read_file(const std::string& path, std::size_t limit, bool& too_large);

// Writes and flushes; false on any error.
bool write_all(std::FILE* f, const std::string& data);

}  // namespace vg
