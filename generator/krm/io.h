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

// Asks the kernel to back the pages of [data, data + size) that are not yet touched with 2 MiB
// pages where it can (transparent huge pages in `madvise` mode). For buffers of many megabytes
// (the input, the generated text): each 4 KiB page is otherwise one page fault, and on virtual
// machines a fault costs tens of microseconds (44 MB input: 11 000 of them). A hint; never fails.
void prefer_huge_pages(const char* data, std::size_t size);

// Writes and flushes; false on any error.
bool write_all(std::FILE* f, const std::string& data);

}  // namespace vg
