#include "yaml/doc_pack.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

// same_doc plus the exact tags (same_doc only asks whether a scalar is a string).
void expect_same(const Doc& a, const Doc& b, const std::string& where = "") {
  ASSERT_TRUE(same_doc(a, b)) << where;
  EXPECT_EQ(a.Tag(), b.Tag()) << where;
  for (std::size_t i = 0; i < a.items().size(); ++i)
    expect_same(a.items()[i], b.items()[i], where + "[" + std::to_string(i) + "]");
  for (std::size_t i = 0; i < a.entries().size(); ++i) {
    expect_same(a.entries()[i].first, b.entries()[i].first, where + " key " + std::to_string(i));
    expect_same(a.entries()[i].second, b.entries()[i].second, where + "." + a.entries()[i].first.Scalar());
  }
}

const std::string kText =
    "a: 1\n"
    "b: '0700'\n"
    "c: ~\n"
    "d: [x, \"y\", !!str 3, !!int '4', !custom {k: v}]\n"
    "e:\n  f: |\n    text\n"
    "g:\n"
    "? [complex, key]\n: v\n"
    "long: " + std::string(300, 'x') + "\n"
    "empty: ''\n"
    "---\n"
    "- second document\n"
    "---\n";

// kText's documents, and their packed form.
struct Packed {
  std::vector<Doc> docs;
  std::string bytes;
};
Packed packed_text() {
  Packed p;
  DocParseError err;
  EXPECT_TRUE(parse_docs(kText, p.docs, err)) << err.message;
  p.bytes = pack_docs(p.docs);
  return p;
}

TEST(DocPack, RoundTrip) {
  std::vector<Doc> docs;
  DocParseError err;
  ASSERT_TRUE(parse_docs(kText, docs, err)) << err.message;
  docs.push_back(Doc::scalar("built", ""));  // untagged, as built values are
  docs.push_back(Doc());
  std::vector<Doc> back;
  ASSERT_TRUE(unpack_docs(pack_docs(docs), back));
  ASSERT_EQ(back.size(), docs.size());
  for (std::size_t i = 0; i < docs.size(); ++i) expect_same(docs[i], back[i], "doc " + std::to_string(i));
  EXPECT_EQ(back[0].at({"d"}).items()[4].Tag(), "!custom");
  EXPECT_EQ(back[0]["g"].Tag(), "?");
  EXPECT_EQ(back[1].items()[0].Scalar(), "second document");
}

TEST(DocPack, RefusesWhatItDidNotWrite) {
  std::vector<Doc> docs;
  DocParseError err;
  ASSERT_TRUE(parse_docs(kText, docs, err)) << err.message;
  const std::string packed = pack_docs(docs);
  std::vector<Doc> out;
  for (std::size_t n = 0; n < packed.size(); ++n)
    EXPECT_FALSE(unpack_docs(std::string_view(packed).substr(0, n), out)) << "truncated to " << n;
  EXPECT_FALSE(unpack_docs(packed + "x", out));
  EXPECT_FALSE(unpack_docs("a: 1\n", out));
  std::string wrong_type = packed;
  wrong_type[wrong_type.find('\n') + 2] = '\x0f';  // the first document's type byte
  EXPECT_FALSE(unpack_docs(wrong_type, out));
}

TEST(DocPack, UnpacksEachDocumentOnItsOwn) {
  const auto [docs, packed] = packed_text();
  std::vector<PackedNode> nodes;
  ASSERT_TRUE(packed_docs(packed, nodes));
  ASSERT_EQ(nodes.size(), docs.size());
  for (std::size_t i = nodes.size(); i-- > 0;) {  // in any order: each node is read in place
    Doc d;
    ASSERT_TRUE(nodes[i].unpack(d));
    expect_same(d, docs[i], "doc " + std::to_string(i));
  }
  EXPECT_FALSE(packed_docs(packed.substr(0, packed.size() - 1), nodes));
}

TEST(DocPack, DefersChosenValues) {
  std::vector<Doc> docs;
  DocParseError err;
  ASSERT_TRUE(parse_docs("top: {keep: 1, properties: {a: {type: string}, b: {deep: {properties: {c: 1}}}}}\n", docs, err))
      << err.message;
  const std::string packed = pack_docs(docs);  // the nodes read it in place
  std::vector<PackedNode> nodes;
  ASSERT_TRUE(packed_docs(packed, nodes));
  std::vector<std::pair<const Doc*, PackedNode>> deferred;
  std::vector<std::string> seen;
  Doc out;
  ASSERT_TRUE(nodes[0].unpack(out, [&](std::string_view within, int depth, const Doc& key, PackedNode value, Doc& slot) {
    seen.push_back(std::string(within) + "/" + std::to_string(depth) + "/" + key.Scalar());
    if (within != "properties" || depth != 2) return false;
    deferred.emplace_back(&slot, value);
    return true;
  }));
  // Only the entries that were unpacked were offered: nothing below a deferred value.
  EXPECT_EQ(seen, (std::vector<std::string>{"/0/top", "top/1/keep", "top/1/properties", "properties/2/a",
                                            "properties/2/b"}));
  ASSERT_EQ(deferred.size(), 2u);
  EXPECT_EQ(deferred[0].first, &out.at({"top", "properties", "a"}));
  EXPECT_FALSE(out.at({"top", "properties", "a"}).IsDefined());
  EXPECT_EQ(out.at({"top", "keep"}).Scalar(), "1");
  Doc b;
  ASSERT_TRUE(deferred[1].second.unpack(b));
  expect_same(b, docs[0].at({"top", "properties", "b"}), "b");
}

TEST(DocPack, DamagedNodesFailToUnpack) {
  const auto [docs, packed] = packed_text();
  std::vector<PackedNode> nodes;
  ASSERT_TRUE(packed_docs(packed, nodes));
  // A node cut short anywhere is refused by every reader, never read past.
  const std::string whole(packed.substr(packed.find('\n') + 2));  // the documents, after magic and count
  for (std::size_t n = 1; n + 1 < whole.size(); n += 7) {
    const std::string cut = whole.substr(0, n);
    PackedNode node(cut);
    Doc out;
    EXPECT_FALSE(node.unpack(out)) << n;
  }
}

}  // namespace
}  // namespace vg
