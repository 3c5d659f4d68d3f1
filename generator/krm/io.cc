#include "krm/io.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdint>

namespace vg {

void prefer_huge_pages(const char* data, std::size_t size) {
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  if (size < 2 * kHuge) return;
  const auto at = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t begin = (at + kHuge - 1) & ~(kHuge - 1), end = (at + size) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

namespace {
std::uintptr_t heap_advised = 0;  // the heap's end when last hinted; 0: not enabled
}  // namespace

void enable_heap_huge_pages() {
  if (heap_advised != 0) return;
  mallopt(M_TOP_PAD, 32 << 20);
  heap_advised = reinterpret_cast<std::uintptr_t>(sbrk(0));
}

void prefer_huge_pages_for_heap() {
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  if (heap_advised == 0) return;
  const auto top = reinterpret_cast<std::uintptr_t>(sbrk(0));  // glibc keeps it: no system call
  if (top < heap_advised + 2 * kHuge) return;
  const std::uintptr_t begin = (heap_advised + kHuge - 1) & ~(kHuge - 1), end = top & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  heap_advised = top;
}

std::optional<std::string> read_all(std::FILE* f, std::size_t limit, bool& too_large) {
  too_large = false;
  std::string out;
  // A regular file's size is known: one allocation instead of doublings that each copy everything.
  struct stat st {};
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
      static_cast<std::size_t>(st.st_size) <= limit) {
    out.reserve(static_cast<std::size_t>(st.st_size));
    prefer_huge_pages(out.data(), out.capacity());
  }
  char buf[1 << 16];
  for (;;) {
    std::size_t n = std::fread(buf, 1, sizeof buf, f);
    out.append(buf, n);
    if (out.size() > limit) {
      too_large = true;
      return std::nullopt;
    }
    if (n < sizeof buf) {
      if (std::ferror(f)) return std::nullopt;
      break;
    }
  }
  return out;
}

std::optional<std::string> read_file(const std::string& path, std::size_t limit, bool& too_large) {
  too_large = false;  // a file that cannot be opened is unreadable, not too large
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return std::nullopt;
  auto r = read_all(f, limit, too_large);
  std::fclose(f);
  return r;
}

bool write_all(std::FILE* f, const std::string& data) {
  if (!data.empty() && std::fwrite(data.data(), 1, data.size(), f) != data.size()) return false;
  return std::fflush(f) == 0;
}

}  // namespace vg
