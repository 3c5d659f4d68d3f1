#include "yaml/doc.h"

#include <gtest/gtest.h>

#include "support/doc_yaml.h"

namespace vg {
namespace {

Doc parse(std::string_view text) {
  Doc d;
  DocParseError err;
  EXPECT_TRUE(parse_doc(text, d, err)) << err.message;
  return d;
}

TEST(Doc, ReadsLikeYamlCpp) {
  const char* text =
      "a: 1\n"
      "b: '0700'\n"
      "c: ~\n"
      "d: [x, \"y\", !!str 3, !!int '4']\n"
      "e:\n  f: |\n    text\n"
      "g:\n"
      "h: null\n"
      "i: \"null\"\n";
  const Doc d = parse(text);
  const YAML::Node y = YAML::Load(text);
  // Types, text and tags as yaml-cpp sees them, node by node.
  std::function<void(const Doc&, const YAML::Node&, const std::string&)> same =
      [&](const Doc& a, const YAML::Node& b, const std::string& where) {
        ASSERT_EQ(static_cast<int>(a.Type()), static_cast<int>(b.Type())) << where;
        if (!a.IsNull()) {  // empty values: libyaml marks the key line, yaml-cpp the next token
          EXPECT_EQ(a.Mark().line, b.Mark().line) << where;
        }
        if (a.IsScalar()) {
          EXPECT_EQ(a.Scalar(), b.Scalar()) << where;
          EXPECT_EQ(a.Tag(), b.Tag()) << where;
        }
        if (a.IsSequence())
          for (std::size_t i = 0; i < a.size(); ++i) same(a.items()[i], b[i], where + "[" + std::to_string(i) + "]");
        if (a.IsMap()) {
          ASSERT_EQ(a.size(), b.size()) << where;
          for (const auto& e : a.entries()) same(e.second, b[e.first.Scalar()], where + "." + e.first.Scalar());
        }
      };
  same(d, y, "");
  EXPECT_TRUE(same_doc(d, to_doc(y)));
  EXPECT_TRUE(same_doc(d, to_doc(to_yaml(d))));
}

TEST(Doc, LookupsAndEdits) {
  Doc d = parse("metadata:\n  name: x\n  labels: {a: b}\n");
  EXPECT_EQ(d.at({"metadata", "name"}).Scalar(), "x");
  EXPECT_FALSE(d.at({"metadata", "missing", "deeper"}));
  EXPECT_FALSE(d.at({"metadata", "name", "deeper"}));  // through a scalar
  EXPECT_FALSE(d["nope"]);
  d.set("spec", Doc::map()).set("size", Doc::scalar("3"));
  d.find("metadata")->set("name", Doc::string("y"));
  EXPECT_EQ(d.at({"spec", "size"}).Scalar(), "3");
  EXPECT_EQ(d.at({"metadata", "name"}).Scalar(), "y");
  EXPECT_EQ(d.at({"metadata", "name"}).Tag(), "!");
  EXPECT_EQ(d.size(), 2u);
  EXPECT_TRUE(d.find("metadata")->erase("labels"));
  EXPECT_FALSE(d.at({"metadata", "labels"}));
  Doc s;
  s.push_back(Doc::scalar("a"));
  EXPECT_TRUE(s.IsSequence());
  EXPECT_EQ(s.size(), 1u);
}

TEST(Doc, AliasesCopyAndAreBounded) {
  const Doc d = parse("a: &x {k: v}\nb: *x\n");
  EXPECT_EQ(d.at({"b", "k"}).Scalar(), "v");
  std::string laughs = "a0: &a0 [x, x]\n";
  for (int i = 1; i < 30; ++i)
    laughs += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) + ", *a" +
              std::to_string(i - 1) + "]\n";
  Doc out;
  DocParseError err;
  EXPECT_FALSE(parse_doc(laughs, out, err));
  EXPECT_EQ(err.rule, "limit-aliases");
  EXPECT_NE(err.message.find("stand for more than"), std::string::npos) << err.message;
  EXPECT_FALSE(parse_doc("a: &x [*x]\n", out, err));  // would copy itself forever
  EXPECT_EQ(err.rule, "yaml-alias-cycle");
  EXPECT_FALSE(parse_doc("a: *nope\n", out, err));
  EXPECT_EQ(err.rule, "yaml-alias-scope");
}

Limits with(void (*set)(Limits&)) {
  Limits l;
  set(l);
  return l;
}

// Every limit of the scanner (krm/scan.h) and its duplicate-key rule hold in the Doc reader too,
// with the scanner's rule ids, located at the offending node (1-based line and column).
TEST(Doc, LimitsAndDuplicateKeysAreErrorsWithLineAndColumn) {
  std::string big_map;
  for (int i = 0; i < 40; ++i) big_map += "k" + std::to_string(i) + ": v\n";
  struct Case {
    const char* name;
    std::string text;
    Limits limits;
    const char* rule;
    int line, column;
  };
  const Case cases[] = {
      {"input size", "a: 1\n", with([](Limits& l) { l.max_input_bytes = 3; }), "limit-input-size", 0, 0},
      {"depth", "a:\n  b:\n    c: 1\n", with([](Limits& l) { l.max_depth = 2; }), "limit-depth", 3, 5},
      {"alias count", "a: &x 1\nb: [*x, *x, *x]\n", with([](Limits& l) { l.max_aliases = 2; }), "limit-aliases", 2,
       13},
      {"alias nodes", "a: &x [1, 2, 3]\nb: [*x, *x]\n", with([](Limits& l) { l.max_alias_nodes = 6; }),
       "limit-aliases", 2, 9},
      {"scalar", "a: 12345\n", with([](Limits& l) { l.max_scalar_bytes = 4; }), "limit-scalar", 1, 4},
      {"scalar key", "12345: a\n", with([](Limits& l) { l.max_scalar_bytes = 4; }), "limit-scalar", 1, 1},
      {"duplicate key", "schedule: hourly\nschedule: weekly\n", Limits{}, "yaml-duplicate-key", 2, 1},
      {"duplicate quoted key", "kind: A\n\"kind\": B\n", Limits{}, "yaml-duplicate-key", 2, 1},
      {"duplicate nested", "spec:\n  retain: {daily: 1, daily: 2}\n", Limits{}, "yaml-duplicate-key", 2, 22},
      {"duplicate in a big map", big_map + "k7: w\n", Limits{}, "yaml-duplicate-key", 41, 1},
      {"duplicate in a later document", "a: 1\n---\nb: 1\nb: 2\n", Limits{}, "yaml-duplicate-key", 4, 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<Doc> docs;
    DocParseError err;
    EXPECT_FALSE(parse_docs(c.text, docs, err, c.limits));
    EXPECT_EQ(err.rule, c.rule) << err.message;
    EXPECT_FALSE(err.message.empty());
    EXPECT_EQ(err.line, c.line);
    EXPECT_EQ(err.column, c.column);
  }
}

TEST(Doc, AliasBudgetIsPerDocumentAndSiblingMapsMayShareKeys) {
  std::vector<Doc> docs;
  DocParseError err;
  const Limits one_alias = with([](Limits& l) { l.max_aliases = 1; });
  EXPECT_TRUE(parse_docs("a: &x 1\nb: *x\n---\nc: &y 1\nd: *y\n", docs, err, one_alias)) << err.message;
  EXPECT_TRUE(parse_docs("a: {name: x}\nb: {name: x}\nname: x\n", docs, err)) << err.message;
  EXPECT_TRUE(parse_docs("a: &x 1\nb: [*x, *x]\n", docs, err, with([](Limits& l) { l.max_aliases = 2; })));
}

TEST(Doc, DuplicateKeysAreKeptOnlyWhenAsked) {
  std::vector<Doc> docs;
  DocParseError err;
  ASSERT_TRUE(parse_docs("a: 1\na: 2\n", docs, err, Limits{}, DuplicateKeys::kKeep)) << err.message;
  ASSERT_EQ(docs.size(), 1u);
  ASSERT_EQ(docs[0].size(), 2u);
  EXPECT_EQ(docs[0].entries()[1].second.Scalar(), "2");
}

TEST(Doc, DepthAndSyntaxErrorsAreLocated) {
  Doc out;
  DocParseError err;
  EXPECT_FALSE(parse_doc(std::string(600, '[') + std::string(600, ']'), out, err));
  EXPECT_TRUE(err.too_deep);
  EXPECT_FALSE(parse_doc("a: 1\nb: [\n", out, err));
  EXPECT_FALSE(err.too_deep);
  EXPECT_GE(err.line, 2);
  std::vector<Doc> docs;
  ASSERT_TRUE(parse_docs("a: 1\n---\nb: 2\n", docs, err));
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[1]["b"].Scalar(), "2");
  EXPECT_EQ(docs[1]["b"].Mark().line, 2);
  ASSERT_TRUE(parse_doc("", out, err));
  EXPECT_TRUE(out.IsNull());
  out = Doc::map();
  ASSERT_TRUE(parse_doc(std::string_view(), out, err));  // no text at all (no config file given)
  EXPECT_TRUE(out.IsNull());
}

// Merge keys mean what they mean to kubectl kustomize (verified with kubectl v1.32 / kustomize
// v5.5) and PyYAML: the map's own keys win wherever `<<` stands, the earlier map of a merge
// sequence wins, merges are shallow, and the tree keeps no `<<` entry.
TEST(DocMergeKeys, OwnKeysWinThenEarlierMapsOfASequence) {
  const Doc d = parse(
      "base: &b {x: base-x, y: base-y}\n"
      "other: &o {x: o-x, z: o-z}\n"
      "explicit_first:\n  x: explicit\n  <<: *b\n"
      "explicit_last:\n  <<: *b\n  x: explicit\n"
      "seq:\n  <<: [*o, *b]\n"
      "inline:\n  <<: {x: inline-x}\n  w: 1\n"
      "quoted:\n  \"<<\": *b\n"
      "tagged:\n  !!merge <<: *b\n");
  auto text = [&](std::initializer_list<std::string_view> path) { return d.at(path).Scalar(); };
  EXPECT_EQ(text({"explicit_first", "x"}), "explicit");
  EXPECT_EQ(text({"explicit_first", "y"}), "base-y");
  EXPECT_EQ(text({"explicit_last", "x"}), "explicit");
  EXPECT_EQ(text({"explicit_last", "y"}), "base-y");
  EXPECT_EQ(text({"seq", "x"}), "o-x");  // *o comes first
  EXPECT_EQ(text({"seq", "y"}), "base-y");
  EXPECT_EQ(text({"seq", "z"}), "o-z");
  EXPECT_EQ(text({"inline", "x"}), "inline-x");
  EXPECT_EQ(d["inline"].size(), 2u);
  EXPECT_EQ(d["explicit_first"].size(), 2u);  // no `<<` entry left
  EXPECT_FALSE(d.at({"explicit_last", "<<"}));
  // A quoted "<<" is an ordinary key; !!merge marks a merge key.
  EXPECT_EQ(d.at({"quoted", "<<", "x"}).Scalar(), "base-x");
  EXPECT_EQ(text({"tagged", "y"}), "base-y");
  // The merged entries take the place of `<<`, in the merged maps' order.
  std::vector<std::string> keys;
  for (const auto& e : d["explicit_last"].entries()) keys.push_back(e.first.Scalar());
  EXPECT_EQ(keys, (std::vector<std::string>{"y", "x"}));
}

TEST(DocMergeKeys, NestedAndShallow) {
  const Doc d = parse(
      "a: &a {spec: {size: 1Gi, class: fast}, kind: A}\n"
      "b: &b {<<: *a, kind: B}\n"  // an anchor stands for its resolved map
      "c:\n  <<: *b\n  spec: {size: 2Gi}\n"
      "deep:\n  one:\n    two:\n      <<: *a\n");
  EXPECT_EQ(d.at({"b", "kind"}).Scalar(), "B");
  EXPECT_EQ(d.at({"b", "spec", "size"}).Scalar(), "1Gi");
  EXPECT_EQ(d.at({"c", "kind"}).Scalar(), "B");
  EXPECT_EQ(d.at({"c", "spec", "size"}).Scalar(), "2Gi");
  EXPECT_FALSE(d.at({"c", "spec", "class"}));  // shallow: c's spec replaces b's whole
  EXPECT_EQ(d.at({"deep", "one", "two", "spec", "class"}).Scalar(), "fast");
}

TEST(DocMergeKeys, AMergeOfANonMapIsAnErrorAtTheKey) {
  const struct {
    const char* text;
    int line;
  } cases[] = {{"s: &s x\nm:\n  <<: *s\n", 3},
               {"s: &s x\nm:\n  <<: [{a: 1}, *s]\n", 3},
               {"m:\n  <<: [[a]]\n", 2},
               {"m:\n  <<: ~\n", 2},
               {"m:\n  <<: text\n", 2}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    Doc out;
    DocParseError err;
    ASSERT_FALSE(parse_doc(c.text, out, err));
    EXPECT_EQ(err.rule, "yaml-parse");
    EXPECT_EQ(err.message, "map merge requires map or sequence of maps as the value");  // go-yaml's words
    EXPECT_EQ(err.line, c.line);
    EXPECT_EQ(err.column, 3);
  }
  Doc empty = parse("m:\n  <<: []\n  a: 1\n");
  EXPECT_EQ(empty["m"].size(), 1u);
}

// A merge bomb is an alias bomb: each level merges and copies the level below twice.
TEST(DocMergeKeys, AMergeBombFailsAtTheAliasLimit) {
  std::string bomb = "l0: &l0 {a: 1, b: 2}\n";
  for (int i = 1; i < 30; ++i) {
    const std::string prev = "*l" + std::to_string(i - 1);
    bomb += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " {<<: " + prev + ", k" + std::to_string(i) +
            ": [" + prev + ", " + prev + "]}\n";
  }
  Doc out;
  DocParseError err;
  EXPECT_FALSE(parse_doc(bomb, out, err));
  EXPECT_EQ(err.rule, "limit-aliases");
}

}  // namespace
}  // namespace vg

// A value reached through an alias is located at the alias, where the document uses it.
TEST(DocParse, AnAliasIsMarkedWhereItIsUsed) {
  using namespace vg;
  std::vector<Doc> docs;
  DocParseError err;
  ASSERT_TRUE(parse_docs("a: &x\n  k: v\nb:\n  c: 1\n  d: *x\n", docs, err)) << err.message;
  const Doc& d = docs[0].at({"b", "d"});
  EXPECT_EQ(d.Mark().line, 4);
  EXPECT_EQ(d["k"].Mark().line, 4);
  EXPECT_EQ(d.entries()[0].first.Mark().line, 4);
  EXPECT_EQ(docs[0].at({"a", "k"}).Mark().line, 1);  // the anchor keeps its own
}
