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

}  // namespace
}  // namespace vg
