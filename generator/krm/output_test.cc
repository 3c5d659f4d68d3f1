#include "krm/output.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "yaml/emit.h"

namespace vg {
namespace {

ScanResult scan_list(std::string_view input) {
  ScanResult scan;
  Findings f;
  EXPECT_TRUE(scan_resource_list(input, {}, scan, f)) << (f.empty() ? "" : f[0].message);
  return scan;
}

ScanResult scan_docs(std::string_view input) {
  ScanResult scan;
  Findings f;
  EXPECT_TRUE(scan_stream(input, {}, scan, f)) << (f.empty() ? "" : f[0].message);
  return scan;
}

TEST(OutputPieces, JoinAndWriteTakeEachPieceFromItsText) {
  const std::string input = "0123456789", written = "abcdef";
  const std::vector<OutputPiece> pieces = {{true, 2, 3}, {false, 0, 2}, {true, 9, 1}, {false, 4, 0}, {false, 5, 1}};
  EXPECT_EQ(join_pieces(pieces, input, written), "234ab9f");
  EXPECT_EQ(join_pieces({}, input, written), "");

  std::FILE* tmp = std::tmpfile();
  ASSERT_NE(tmp, nullptr);
  ASSERT_TRUE(write_pieces(tmp, pieces, input, written));
  std::rewind(tmp);
  char buf[32] = {};
  const std::size_t n = std::fread(buf, 1, sizeof buf, tmp);
  std::fclose(tmp);
  EXPECT_EQ(std::string(buf, n), "234ab9f");
}

TEST(OutputPieces, WriteFailsOnAnUnwritableStream) {
  std::FILE* full = std::fopen("/dev/full", "w");
  if (!full) GTEST_SKIP() << "no /dev/full";
  std::string big(1 << 16, 'x');
  EXPECT_FALSE(write_pieces(full, {{true, 0, big.size()}}, big, ""));
  std::fclose(full);
}

TEST(OutputBuilder, LiteralsAndAdjacentRangesMerge) {
  const std::string input = "abc";
  std::vector<OutputPiece> pieces;
  std::string written;
  OutputBuilder b(input, pieces, written);
  b.literal("x");
  b.literal("");
  b.literal("yz");
  ASSERT_EQ(pieces.size(), 1u) << "consecutive written text is one piece";
  EXPECT_EQ(pieces[0].from_input, false);
  EXPECT_EQ(pieces[0].size, 3u);
  const std::size_t m = b.mark();
  written += "!";
  b.written_since(m);
  EXPECT_EQ(pieces.size(), 1u);
  EXPECT_EQ(join_pieces(pieces, input, written), "xyz!");
}

// The shortcut (the input's own bytes) must give exactly what re-indenting gives.
TEST(OutputBuilder, ListItemsEqualTheReindentedText) {
  struct Case {
    const char* name;
    const char* items;  // after "items:\n"
    std::size_t input_pieces;  // how many pieces come from the input
  };
  const Case cases[] = {
      {"canonical, one piece for both", "- apiVersion: v1\n  kind: A\n  metadata: {name: a}\n"
                                        "- apiVersion: v1\n  kind: B\n  metadata: {name: b}\n",
       1},
      {"blank line inside", "- apiVersion: v1\n  kind: A\n\n  metadata: {name: a}\n", 1},
      {"indented by four", "    - apiVersion: v1\n      kind: A\n      metadata: {name: a}\n", 0},
      {"comment at column 0", "- apiVersion: v1\n  kind: A\n# c\n  metadata: {name: a}\n", 0},
      {"flow item", "- {apiVersion: v1, kind: A, metadata: {name: a}}\n", 0},
      {"no final newline", "- apiVersion: v1\n  kind: A\n  metadata: {name: a}", 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string input = std::string("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n") + c.items;
    ScanResult scan = scan_list(input);
    ASSERT_FALSE(scan.items.empty());
    std::string expected;
    for (const auto& s : scan.items) emit_list_item_text(expected, item_text(input, s));

    std::vector<OutputPiece> pieces;
    std::string written;
    OutputBuilder b(input, pieces, written);
    for (const auto& s : scan.items) b.list_item(s);
    EXPECT_EQ(join_pieces(pieces, input, written), expected);
    std::size_t from_input = 0;
    for (const auto& p : pieces) from_input += p.from_input ? 1 : 0;
    EXPECT_EQ(from_input, c.input_pieces);
  }
}

TEST(OutputBuilder, DocumentsEndWithANewline) {
  struct Case {
    const char* name;
    const char* input;
    const char* expected;
  };
  const Case cases[] = {
      {"two documents", "a: 1\n---\nb: 2\n", "a: 1\nb: 2\n"},
      {"no final newline", "a: 1\n---\nb: 2", "a: 1\nb: 2\n"},
      {"document start markers", "---\na: 1\n...\n", "a: 1\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    ScanResult scan = scan_docs(c.input);
    std::vector<OutputPiece> pieces;
    std::string written;
    OutputBuilder b(c.input, pieces, written);
    for (const auto& s : scan.items) b.document(s);
    EXPECT_EQ(join_pieces(pieces, c.input, written), c.expected);
  }
}

// An item not at column 0 (a ResourceList's) written as a document is re-indented to column 0.
TEST(OutputBuilder, IndentedItemAsDocument) {
  const std::string input = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: A\n    data: {k: v}\n";
  ScanResult scan = scan_list(input);
  ASSERT_EQ(scan.items.size(), 1u);
  std::vector<OutputPiece> pieces;
  std::string written;
  OutputBuilder b(input, pieces, written);
  b.document(scan.items[0]);
  EXPECT_EQ(join_pieces(pieces, input, written), item_text(input, scan.items[0]) + "\n");
  EXPECT_EQ(join_pieces(pieces, input, written), "apiVersion: v1\nkind: A\ndata: {k: v}\n");
}

}  // namespace
}  // namespace vg
