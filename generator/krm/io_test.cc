#include "krm/io.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace vg {
namespace {

std::filesystem::path temp_file(const std::string& content) {
  auto p = std::filesystem::temp_directory_path() / ("vg-io-" + std::to_string(getpid()) + "-" +
                                                      std::to_string(content.size()));
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

TEST(Io, ReadsWholeFilesUpToTheLimit) {
  const std::string big(200'000, 'x');  // several read buffers
  for (const std::string& content : {std::string(), std::string("a: b\n"), big}) {
    auto p = temp_file(content);
    bool too_large = true;
    auto got = read_file(p.string(), content.size(), too_large);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, content);
    EXPECT_FALSE(too_large);
    if (!content.empty()) {
      auto over = read_file(p.string(), content.size() - 1, too_large);
      EXPECT_FALSE(over.has_value());
      EXPECT_TRUE(too_large) << "one byte over the limit is refused, not truncated";
    }
    std::filesystem::remove(p);
  }
}

TEST(Io, MissingFileIsNoValueAndNotTooLarge) {
  bool too_large = true;
  EXPECT_FALSE(read_file("/nonexistent/vg/file.yaml", 10, too_large).has_value());
  EXPECT_FALSE(too_large);
}

TEST(Io, PipesAreReadToTheEnd) {
  std::FILE* p = popen("head -c 150000 /dev/zero", "r");
  ASSERT_NE(p, nullptr);
  bool too_large = false;
  auto got = read_all(p, 1 << 20, too_large);
  pclose(p);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->size(), 150000u);
}

TEST(Io, AFailedWriteIsNeverSuccess) {
  std::FILE* full = std::fopen("/dev/full", "w");
  if (!full) GTEST_SKIP() << "/dev/full is not available here";
  EXPECT_FALSE(write_all(full, std::string(100'000, 'x')));
  std::fclose(full);
  std::FILE* null = std::fopen("/dev/null", "w");
  ASSERT_NE(null, nullptr);
  EXPECT_TRUE(write_all(null, "items: []\n"));
  EXPECT_TRUE(write_all(null, ""));
  std::fclose(null);
}

TEST(Io, HugePageHintKeepsEveryByte) {
  // A hint only: small, unaligned and large buffers keep their contents and stay writable.
  for (std::size_t size : {std::size_t{0}, std::size_t{100}, std::size_t{5} << 20, (std::size_t{9} << 20) + 123}) {
    std::string s;
    s.reserve(size);
    prefer_huge_pages(s.data(), s.capacity());
    for (std::size_t i = 0; i < size; ++i) s.push_back(static_cast<char>('a' + i % 26));
    prefer_huge_pages(s.data() + 1, s.size() > 1 ? s.size() - 1 : 0);
    ASSERT_EQ(s.size(), size);
    for (std::size_t i = 0; i < size; i += 4093) ASSERT_EQ(s[i], static_cast<char>('a' + i % 26)) << i;
  }
}

}  // namespace
}  // namespace vg
