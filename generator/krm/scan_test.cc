#include "krm/scan.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace vg {
namespace {

// A canonical rendering of a yaml-cpp tree: node types, scalar values, and whether a scalar was
// quoted ("!") or plain ("?"). Equal strings mean equal trees for our purposes.
std::string canon(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null: return "~";
    case YAML::NodeType::Scalar: return (n.Tag() == "!" ? "s\"" : "p\"") + n.Scalar() + "\"";
    case YAML::NodeType::Sequence: {
      std::string s = "[";
      for (const auto& i : n) s += canon(i) + ",";
      return s + "]";
    }
    case YAML::NodeType::Map: {
      std::string s = "{";
      for (const auto& kv : n) s += canon(kv.first) + ":" + canon(kv.second) + ",";
      return s + "}";
    }
    default: return "?";
  }
}

struct Scanned {
  bool ok = false;
  ScanResult r;
  Findings f;
};

Scanned scan_list(std::string_view in, const Limits& limits = {}) {
  Scanned s;
  s.ok = scan_resource_list(in, limits, s.r, s.f);
  return s;
}

Scanned scan_docs(std::string_view in, const Limits& limits = {}) {
  Scanned s;
  s.ok = scan_stream(in, limits, s.r, s.f);
  return s;
}

std::string rule_of(const Scanned& s) { return s.f.empty() ? "" : s.f.front().rule; }

// Every item's item_text() parses (alone) to the same tree as the item in the whole document.
void expect_items_reparse(std::string_view in, const ScanResult& r) {
  YAML::Node root = YAML::Load(std::string(in));
  YAML::Node items = root["items"];
  ASSERT_TRUE(items.IsSequence());
  ASSERT_EQ(items.size(), r.items.size());
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    std::string text = item_text(in, r.items[i]);
    SCOPED_TRACE("item " + std::to_string(i) + " text:\n" + text);
    YAML::Node alone;
    ASSERT_NO_THROW(alone = YAML::Load(text));
    EXPECT_EQ(canon(alone), canon(items[i]));
  }
}

const char kHeader[] = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n";

struct SpanCase {
  const char* name;
  std::string input;
  std::vector<std::string> starts;  // what each item's text starts with
};

TEST(ScanSpans, ItemsOfEveryLayoutReparseToTheSameTree) {
  const std::string h = kHeader;
  const SpanCase cases[] = {
      {"compact", h + "items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n"
                      "- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: b\n",
       {"apiVersion: v1\n  kind: ConfigMap", "apiVersion: v1\n  kind: Secret"}},
      {"wide", h + "items:\n  - apiVersion: v1\n    kind: ConfigMap\n    data:\n      k: [1, 2]\n"
                   "  - kind: Secret\n    metadata:\n      name: b\n",
       {"apiVersion: v1\n    kind: ConfigMap", "kind: Secret"}},
      {"flow one line", h + "items: [{kind: A, metadata: {name: x}}, {kind: B}]\n",
       {"{kind: A, metadata: {name: x}}", "{kind: B}"}},
      {"json", "{\n  \"apiVersion\": \"config.kubernetes.io/v1\",\n  \"kind\": \"ResourceList\",\n"
               "  \"items\": [\n    {\n      \"kind\": \"A\",\n      \"data\": {\"x\": \"1\"}\n    },\n"
               "    {\"kind\": \"B\"}\n  ]\n}\n",
       {"{\n      \"kind\": \"A\"", "{\"kind\": \"B\"}"}},
      {"comments", h + "items:\n# before\n- kind: A # trailing on first line\n  # inner\n"
                       "  metadata:\n    name: a # trailing on last line\n# between\n- kind: B\n",
       {"kind: A # trailing", "kind: B"}},
      {"literal block scalar", h + "items:\n- kind: A\n  data:\n    script: |\n      line 1\n"
                                   "        indented\n      line 3\n- kind: B\n",
       {"kind: A", "kind: B"}},
      {"keep block scalar last", h + "items:\n- kind: A\n  data:\n    x: |+\n      keep\n\n\n"
                                     "- kind: B\n  data:\n    y: >-\n      folded\n      text\n",
       {"kind: A", "kind: B"}},
      {"keep block scalar wide", h + "items:\n  - kind: A\n    data:\n      x: |+\n        keep\n\n"
                                     "  - kind: B\n",
       {"kind: A", "kind: B"}},
      {"multi-line strings", h + "items:\n- kind: A\n  data:\n    plain: one\n      two\n"
                                 "    dq: \"a\n      b\"\n- kind: B\n",
       {"kind: A", "kind: B"}},
      {"nested lists", h + "items:\n- kind: A\n  spec:\n    containers:\n    - name: c\n      args:\n"
                           "      - - x\n        - y\n- kind: B\n",
       {"kind: A", "kind: B"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto s = scan_list(c.input);
    ASSERT_TRUE(s.ok) << (s.f.empty() ? "" : s.f[0].message);
    ASSERT_EQ(s.r.items.size(), c.starts.size());
    for (std::size_t i = 0; i < c.starts.size(); ++i) {
      EXPECT_EQ(c.input.substr(s.r.items[i].begin, c.starts[i].size()), c.starts[i]) << "item " << i;
      EXPECT_LE(s.r.items[i].begin, s.r.items[i].end);
      if (i + 1 < c.starts.size()) {
        EXPECT_LE(s.r.items[i].end, s.r.items[i + 1].begin) << "item " << i;
      }
    }
    expect_items_reparse(c.input, s.r);
  }
}

TEST(ScanSpans, LineColumnAndFlowFlags) {
  std::string in = std::string(kHeader) + "items:\n  - kind: A\n  - {kind: B}\n";
  auto s = scan_list(in);
  ASSERT_TRUE(s.ok);
  ASSERT_EQ(s.r.items.size(), 2u);
  EXPECT_EQ(s.r.items[0].line, 4);
  EXPECT_EQ(s.r.items[0].column, 4);
  EXPECT_FALSE(s.r.items[0].flow);
  EXPECT_EQ(s.r.items[1].line, 5);
  EXPECT_TRUE(s.r.items[1].flow);
  EXPECT_EQ(in.substr(s.r.items[1].begin, s.r.items[1].end - s.r.items[1].begin), "{kind: B}");
}

TEST(ScanSpans, TrailingCommentKeptButNextLineNot) {
  std::string in = std::string(kHeader) + "items:\n- kind: A\n  x: 1   # keep me\n# not mine\n- kind: B\n";
  auto s = scan_list(in);
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(item_text(in, s.r.items[0]), "kind: A\nx: 1   # keep me");
}

TEST(ScanSpans, ItemTextShiftsOnlyByTheItemColumn) {
  std::string in = std::string(kHeader) + "items:\n    - kind: A\n      data:\n        x: |\n          a\n"
                                           "            b\n";
  auto s = scan_list(in);
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(item_text(in, s.r.items[0]), "kind: A\ndata:\n  x: |\n    a\n      b\n");
}

TEST(ScanSpans, CrlfInput) {
  std::string in = "apiVersion: config.kubernetes.io/v1\r\nkind: ResourceList\r\nitems:\r\n"
                   "- kind: A\r\n  metadata:\r\n    name: a # c\r\n- kind: B\r\n  data:\r\n"
                   "    s: |\r\n      x\r\n      y\r\n";
  auto s = scan_list(in);
  ASSERT_TRUE(s.ok);
  ASSERT_EQ(s.r.items.size(), 2u);
  EXPECT_EQ(s.r.items[0].name, "a");
  EXPECT_EQ(s.r.items[1].line, 7);
  EXPECT_EQ(in.substr(s.r.items[1].begin, 7), "kind: B");
  EXPECT_EQ(item_text(in, s.r.items[0]), "kind: A\r\nmetadata:\r\n  name: a # c");
  expect_items_reparse(in, s.r);
}

TEST(ScanSpans, MultibyteCharactersBeforeItems) {
  // libyaml marks count characters; spans must be byte offsets.
  std::string in = std::string(kHeader) +
                   "# ünïcødé ✓ 🎉 comment\n"
                   "items:\n"
                   "- kind: A\n  metadata:\n    name: \"名前\"\n    annotations:\n      note: 日本語 🎉 ✓\n"
                   "- kind: B # é\n  metadata:\n    name: b\n"
                   "- {kind: C, metadata: {name: \"ü\"}}\n";
  auto s = scan_list(in);
  ASSERT_TRUE(s.ok);
  ASSERT_EQ(s.r.items.size(), 3u);
  EXPECT_EQ(in.substr(s.r.items[0].begin, 7), "kind: A");
  EXPECT_EQ(in.substr(s.r.items[1].begin, 7), "kind: B");
  EXPECT_EQ(s.r.items[0].name, "名前");
  EXPECT_EQ(s.r.items[2].name, "ü");
  EXPECT_EQ(in.substr(s.r.items[2].begin, s.r.items[2].end - s.r.items[2].begin),
            "{kind: C, metadata: {name: \"ü\"}}");
  EXPECT_EQ(item_text(in, s.r.items[1]), "kind: B # é\nmetadata:\n  name: b");
  expect_items_reparse(in, s.r);
}

TEST(ScanSpans, ByteOrderMark) {
  std::string body = std::string(kHeader) + "items:\n- kind: A\n  metadata:\n    name: é\n- kind: B\n";
  std::string in = "\xEF\xBB\xBF" + body;
  auto s = scan_list(in);
  ASSERT_TRUE(s.ok);
  ASSERT_EQ(s.r.items.size(), 2u);
  EXPECT_EQ(in.substr(s.r.items[0].begin, 7), "kind: A");
  EXPECT_EQ(in.substr(s.r.items[1].begin, 7), "kind: B");
  EXPECT_EQ(item_text(in, s.r.items[0]), "kind: A\nmetadata:\n  name: é");

  auto st = scan_docs("\xEF\xBB\xBF" "kind: X\nmetadata:\n  name: x\n");
  ASSERT_TRUE(st.ok);
  ASSERT_EQ(st.r.items.size(), 1u);
  EXPECT_EQ(st.r.items[0].begin, 3u);
  EXPECT_EQ(st.r.items[0].name, "x");
}

TEST(ScanIdentity, FieldsComeFromTheItemItself) {
  std::string in = std::string(kHeader) +
                   "items:\n"
                   "- metadata:\n    namespace: ns1\n    name: app\n"
                   "    annotations:\n      config.kubernetes.io/path: a.yaml\n"
                   "  kind: Deployment\n  apiVersion: apps/v1\n"
                   "  spec:\n    template:\n      metadata:\n        name: inner\n        namespace: other\n"
                   "      kind: Nope\n"
                   "- kind: PersistentVolumeClaim\n  apiVersion: v1\n  metadata:\n    name: \"data\"\n"
                   "    annotations:\n      internal.config.kubernetes.io/path: internal.yaml\n"
                   "      config.kubernetes.io/path: legacy.yaml\n"
                   "- kind: Secret\n  metadata:\n    annotations:\n      config.kubernetes.io/path: legacy.yaml\n"
                   "      internal.config.kubernetes.io/path: internal.yaml\n"
                   "functionConfig:\n  apiVersion: volsync-gen.io/v1alpha1\n  kind: VolSyncBackup\n"
                   "  metadata:\n    name: cfg\n";
  auto s = scan_list(in);
  ASSERT_TRUE(s.ok);
  ASSERT_EQ(s.r.items.size(), 3u);
  const auto& d = s.r.items[0];
  EXPECT_EQ(d.api_version, "apps/v1");
  EXPECT_EQ(d.kind, "Deployment");
  EXPECT_EQ(d.name, "app");
  EXPECT_EQ(d.namespace_, "ns1");
  EXPECT_EQ(d.path, "a.yaml");
  EXPECT_FALSE(d.has_alias);
  EXPECT_EQ(s.r.items[1].name, "data");
  EXPECT_EQ(s.r.items[1].namespace_, "");
  EXPECT_EQ(s.r.items[1].path, "internal.yaml");
  EXPECT_EQ(s.r.items[2].path, "internal.yaml");
  EXPECT_EQ(s.r.items[2].name, "");
  ASSERT_TRUE(s.r.function_config);
  EXPECT_EQ(s.r.function_config->kind, "VolSyncBackup");
  EXPECT_EQ(s.r.function_config->name, "cfg");
  EXPECT_EQ(s.r.list_api_version, "config.kubernetes.io/v1");
  ResourceRef ref = d.ref();
  EXPECT_EQ(ref.kind, "Deployment");
  EXPECT_EQ(ref.namespace_, "ns1");
}

// What ownership and kpt file placement read: the bookkeeping annotation's value, the managed-by
// label (only its volsync-gen value, only under metadata.labels), and kpt's index.
TEST(ScanIdentity, OwnershipMarksAndKptIndex) {
  std::string in = std::string(kHeader) +
                   "items:\n"
                   "- kind: Secret\n  metadata:\n    labels:\n      app.kubernetes.io/managed-by: volsync-gen\n"
                   "    annotations:\n      volsync-gen.io/source-pvc: data\n"
                   "      config.kubernetes.io/index: '7'\n      internal.config.kubernetes.io/index: '2'\n"
                   "- kind: Secret\n  metadata:\n    labels:\n      app.kubernetes.io/managed-by: Helm\n"
                   "    annotations:\n      config.kubernetes.io/index: '3'\n"
                   "  data:\n    labels:\n      app.kubernetes.io/managed-by: volsync-gen\n"
                   "- kind: Secret\n  metadata:\n    annotations:\n      internal.config.kubernetes.io/index: x1\n";
  auto s = scan_list(in);
  ASSERT_TRUE(s.ok);
  ASSERT_EQ(s.r.items.size(), 3u);
  EXPECT_TRUE(s.r.items[0].managed_label);
  EXPECT_EQ(s.r.items[0].source_pvc, "data");
  EXPECT_TRUE(s.r.items[0].generated);
  EXPECT_EQ(s.r.items[0].path_index, 2);
  EXPECT_FALSE(s.r.items[1].managed_label);  // another manager, and a look-alike outside metadata
  EXPECT_EQ(s.r.items[1].source_pvc, "");
  EXPECT_EQ(s.r.items[1].path_index, 3);
  EXPECT_EQ(s.r.items[2].path_index, 0);
}

// A plain null (`null`, `~`, `Null`, empty) is no value, as for the API server: `name: null` is an
// object without a name, not one named "null". A quoted "null" is the string.
TEST(ScanIdentity, NullIsAbsentNotTheStringNull) {
  for (const char* null_form : {"null", "~", "Null", "NULL", ""}) {
    SCOPED_TRACE(null_form);
    const std::string n = null_form;
    std::string in = std::string(kHeader) + "items:\n- apiVersion: v1\n  kind: PersistentVolumeClaim\n"
                     "  metadata:\n    name: " + n + "\n    namespace: " + n +
                     "\n    annotations:\n      volsync-gen.io/source-pvc: " + n +
                     "\n      config.kubernetes.io/path: " + n + "\n";
    auto s = scan_list(in);
    ASSERT_TRUE(s.ok);
    ASSERT_EQ(s.r.items.size(), 1u);
    EXPECT_EQ(s.r.items[0].name, "");
    EXPECT_EQ(s.r.items[0].namespace_, "");
    EXPECT_EQ(s.r.items[0].path, "");
    EXPECT_FALSE(s.r.items[0].generated);
  }
  auto quoted = scan_list(std::string(kHeader) + "items:\n- apiVersion: v1\n  kind: Secret\n"
                                                 "  metadata: {name: 'null', namespace: \"~\"}\n");
  ASSERT_TRUE(quoted.ok);
  EXPECT_EQ(quoted.r.items[0].name, "null");
  EXPECT_EQ(quoted.r.items[0].namespace_, "~");
}

TEST(ScanList, ShapesAndKinds) {
  struct Case {
    const char* name;
    std::string input;
    bool ok;
    std::size_t items;
    std::string rule;
  };
  const Case cases[] = {
      {"minimal", "kind: ResourceList\nitems: []\n", true, 0, ""},
      {"null items", "kind: ResourceList\nitems:\n", true, 0, ""},
      {"List with items", "apiVersion: v1\nkind: List\nitems:\n- kind: A\n", true, 1, ""},
      {"results and unknown keys pass", std::string(kHeader) + "results:\n- message: x\nother: {a: [1]}\n"
                                                               "items:\n- kind: A\n", true, 1, ""},
      {"empty", "", false, 0, "not-a-resource-list"},
      {"only comments", "# nothing\n  \n# here\n", false, 0, "not-a-resource-list"},
      {"ConfigMap", "apiVersion: v1\nkind: ConfigMap\ndata: {}\n", false, 0, "not-a-resource-list"},
      {"no kind", "items: []\n", false, 0, "not-a-resource-list"},
      {"List without items", "apiVersion: v1\nkind: List\n", false, 0, "not-a-resource-list"},
      {"no items", "kind: ResourceList\n", false, 0, "not-a-resource-list"},
      {"a list document", "- kind: ResourceList\n", false, 0, "not-a-resource-list"},
      {"a scalar document", "hello\n", false, 0, "not-a-resource-list"},
      {"items is a map", "kind: ResourceList\nitems: {a: 1}\n", false, 0, "not-a-resource-list"},
      {"item is a scalar", "kind: ResourceList\nitems:\n- kind: A\n- x\n", false, 0, "not-a-resource-list"},
      {"functionConfig a list", "kind: ResourceList\nitems: []\nfunctionConfig: [1]\n", false, 0,
       "not-a-resource-list"},
      {"two documents", "kind: ResourceList\nitems: []\n---\nkind: ResourceList\nitems: []\n", false, 0,
       "not-a-resource-list"},
      {"malformed", "kind: ResourceList\nitems: [\n", false, 0, "yaml-parse"},
      {"tab indentation", "kind: ResourceList\nitems:\n\t- a\n", false, 0, "yaml-parse"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto s = scan_list(c.input);
    EXPECT_EQ(s.ok, c.ok);
    if (c.ok) {
      EXPECT_EQ(s.r.items.size(), c.items);
      EXPECT_TRUE(s.f.empty());
    } else {
      EXPECT_EQ(rule_of(s), c.rule) << (s.f.empty() ? "" : s.f[0].message);
    }
  }
}

TEST(ScanList, MessagesNameTheProblem) {
  auto two = scan_list("kind: ResourceList\nitems: []\n---\nkind: ResourceList\nitems: []\n");
  ASSERT_FALSE(two.f.empty());
  EXPECT_NE(two.f[0].message.find("more than one YAML document"), std::string::npos);
  EXPECT_EQ(two.f[0].line, 3);
  auto cm = scan_list("apiVersion: v1\nkind: ConfigMap\n");
  ASSERT_FALSE(cm.f.empty());
  EXPECT_NE(cm.f[0].message.find("ConfigMap"), std::string::npos);
  auto bad = scan_list("kind: ResourceList\nitems:\n- a: [1, 2\n- b\n");
  ASSERT_FALSE(bad.f.empty());
  EXPECT_EQ(bad.f[0].rule, "yaml-parse");
  EXPECT_GT(bad.f[0].line, 0);
}

TEST(ScanList, ListApiVersionIsEchoed) {
  auto s = scan_list("apiVersion: config.kubernetes.io/v1alpha1\nkind: ResourceList\nitems: []\n");
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.r.list_api_version, "config.kubernetes.io/v1alpha1");
  EXPECT_EQ(s.r.shape, InputShape::kResourceList);
}

struct LimitCase {
  const char* name;
  std::string input;
  Limits limits;
  std::string rule;
};

Limits with(void (*set)(Limits&)) {
  Limits l;
  set(l);
  return l;
}

std::string billion_laughs() {
  std::string s = std::string(kHeader) + "items:\n- kind: Lol\n  l0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 9; ++i) {
    s += "  l" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 9; ++j) s += (j ? ", *a" : "*a") + std::to_string(i - 1);
    s += "]\n";
  }
  return s;
}

TEST(ScanLimits, EachLimitHasItsRule) {
  const std::string h = std::string(kHeader) + "items:\n";
  const LimitCase cases[] = {
      {"input bytes", h + "- kind: A\n", with([](Limits& l) { l.max_input_bytes = 20; }), "limit-input-size"},
      {"depth in item", h + "- a: {b: {c: {d: 1}}}\n", with([](Limits& l) { l.max_depth = 3; }), "limit-depth"},
      {"depth in results", std::string(kHeader) + "items: []\nresults: [[[[[1]]]]]\n",
       with([](Limits& l) { l.max_depth = 3; }), "limit-depth"},
      {"deep flow nesting", h + "- a: " + std::string(1000, '[') + std::string(1000, ']') + "\n", Limits{},
       "limit-depth"},
      {"alias count", h + "- a: &x 1\n  b: [*x, *x, *x]\n", with([](Limits& l) { l.max_aliases = 2; }),
       "limit-aliases"},
      {"billion laughs", billion_laughs(), Limits{}, "limit-aliases"},
      {"self reference", h + "- a: &x [*x]\n", Limits{}, "yaml-alias-cycle"},
      {"self reference map", h + "- a: &x {b: *x}\n", Limits{}, "yaml-alias-cycle"},
      {"alias to another item", h + "- a: &x 1\n- b: *x\n", Limits{}, "yaml-alias-scope"},
      {"undefined alias", h + "- b: *nope\n", Limits{}, "yaml-alias-scope"},
      {"items", h + "- kind: A\n- kind: B\n- kind: C\n", with([](Limits& l) { l.max_items = 2; }),
       "limit-items"},
      {"scalar", h + "- kind: A\n  data: {x: " + std::string(40, 'x') + "}\n",
       with([](Limits& l) { l.max_scalar_bytes = 32; }), "limit-scalar"},
      {"scalar key", h + "- " + std::string(40, 'k') + ": 1\n", with([](Limits& l) { l.max_scalar_bytes = 32; }),
       "limit-scalar"},
      {"duplicate key", h + "- kind: A\n  metadata:\n    name: a\n    name: b\n", Limits{},
       "yaml-duplicate-key"},
      {"duplicate quoted key", h + "- kind: A\n  \"kind\": B\n", Limits{}, "yaml-duplicate-key"},
      {"duplicate in functionConfig", std::string(kHeader) + "items: []\nfunctionConfig: {a: 1, a: 2}\n",
       Limits{}, "yaml-duplicate-key"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto s = scan_list(c.input, c.limits);
    EXPECT_FALSE(s.ok);
    EXPECT_EQ(rule_of(s), c.rule) << (s.f.empty() ? "" : s.f[0].message);
  }
}

TEST(ScanLimits, JustUnderEachLimitPasses) {
  const std::string h = std::string(kHeader) + "items:\n";
  const LimitCase cases[] = {
      {"depth", h + "- a: {b: {c: 1}}\n", with([](Limits& l) { l.max_depth = 3; }), ""},
      {"aliases", h + "- a: &x 1\n  b: [*x, *x]\n", with([](Limits& l) { l.max_aliases = 2; }), ""},
      {"items", h + "- kind: A\n- kind: B\n", with([](Limits& l) { l.max_items = 2; }), ""},
      {"scalar", h + "- kind: A\n  data: {x: " + std::string(32, 'x') + "}\n",
       with([](Limits& l) { l.max_scalar_bytes = 32; }), ""},
      {"same key in sibling maps", h + "- a: {name: x}\n  b: {name: x}\n  name: x\n", Limits{}, ""},
      {"same anchor name in two items", h + "- a: &x 1\n  b: *x\n- a: &x 2\n  b: *x\n", Limits{}, ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto s = scan_list(c.input, c.limits);
    EXPECT_TRUE(s.ok) << (s.f.empty() ? "" : s.f[0].message);
  }
  Limits exact_size;
  exact_size.max_input_bytes = (h + "- kind: A\n").size();
  auto exact = scan_list(h + "- kind: A\n", exact_size);
  EXPECT_TRUE(exact.ok) << (exact.f.empty() ? "" : exact.f[0].message);
}

TEST(ScanLimits, DuplicateKeysInLargeMaps) {
  // Past 16 keys the scanner switches to a hash set; both paths must find duplicates.
  std::string item = "- kind: A\n  data:\n";
  for (int i = 0; i < 40; ++i) item += "    k" + std::to_string(i) + ": v\n";
  auto ok = scan_list(std::string(kHeader) + "items:\n" + item);
  EXPECT_TRUE(ok.ok);
  for (int dup : {3, 17, 39}) {
    auto s = scan_list(std::string(kHeader) + "items:\n" + item + "    k" + std::to_string(dup) + ": again\n");
    EXPECT_FALSE(s.ok) << dup;
    EXPECT_EQ(rule_of(s), "yaml-duplicate-key");
    ASSERT_FALSE(s.f.empty());
    EXPECT_NE(s.f[0].message.find("\"k" + std::to_string(dup) + "\""), std::string::npos);
    EXPECT_EQ(s.f[0].line, 3 + 2 + 40 + 1) << dup;
  }
}

TEST(ScanLimits, FindingsNameTheItem) {
  auto s = scan_list(std::string(kHeader) + "items:\n- kind: Secret\n  metadata:\n    name: s\n"
                     "    annotations:\n      config.kubernetes.io/path: s.yaml\n  data: {a: 1, a: 2}\n");
  ASSERT_FALSE(s.ok);
  ASSERT_EQ(s.f.size(), 1u);
  EXPECT_EQ(s.f[0].resource.kind, "Secret");
  EXPECT_EQ(s.f[0].resource.name, "s");
  EXPECT_EQ(s.f[0].file, "s.yaml");
  // With a kpt path the input line would not match the file, so only the file is named.
  EXPECT_EQ(s.f[0].line, 0);
}

TEST(ScanAliases, AllowedWithinAnItem) {
  auto s = scan_list(std::string(kHeader) + "items:\n- kind: A\n  base: &b {x: 1}\n  copy: *b\n- kind: B\n");
  ASSERT_TRUE(s.ok);
  EXPECT_TRUE(s.r.items[0].has_alias);
  EXPECT_FALSE(s.r.items[1].has_alias);
}

TEST(ScanStream, DocumentsAndEmptyDocuments) {
  std::string in = "---\n# only a comment\n---\nkind: A\nmetadata:\n  name: a\n---\n---\n"
                   "apiVersion: v1\nkind: B\nmetadata: {name: b, namespace: n}\n...\n---\n";
  auto s = scan_docs(in);
  ASSERT_TRUE(s.ok) << (s.f.empty() ? "" : s.f[0].message);
  EXPECT_EQ(s.r.shape, InputShape::kStream);
  ASSERT_EQ(s.r.items.size(), 2u);
  EXPECT_EQ(s.r.items[0].kind, "A");
  EXPECT_EQ(s.r.items[0].line, 4);
  EXPECT_EQ(s.r.items[0].column, 0);
  EXPECT_EQ(item_text(in, s.r.items[0]), "kind: A\nmetadata:\n  name: a");
  EXPECT_EQ(s.r.items[1].name, "b");
  EXPECT_EQ(s.r.items[1].namespace_, "n");
  EXPECT_EQ(s.r.items[1].api_version, "v1");

  auto empty = scan_docs("");
  EXPECT_TRUE(empty.ok);
  EXPECT_TRUE(empty.r.items.empty());
}

TEST(ScanStream, NonObjectDocument) {
  for (const char* in : {"kind: A\n---\n- a\n", "kind: A\n---\njust text\n", "---\n42\n"}) {
    auto s = scan_docs(in);
    EXPECT_FALSE(s.ok) << in;
    EXPECT_EQ(rule_of(s), "not-an-object") << in;
  }
  auto s = scan_docs("kind: A\n---\n- a\n");
  ASSERT_FALSE(s.f.empty());
  EXPECT_NE(s.f[0].message.find("document 2"), std::string::npos);
  EXPECT_EQ(s.f[0].line, 3);
}

TEST(ScanStream, LimitsApply) {
  Limits l;
  l.max_items = 1;
  EXPECT_EQ(rule_of(scan_docs("kind: A\n---\nkind: B\n", l)), "limit-items");
  EXPECT_EQ(rule_of(scan_docs("a: 1\na: 2\n")), "yaml-duplicate-key");
  EXPECT_EQ(rule_of(scan_docs("a: &x 1\n---\nb: *x\n")), "yaml-alias-scope");
}

TEST(ScanAny, PicksTheShape) {
  ScanResult r;
  Findings f;
  ASSERT_TRUE(scan_any(std::string(kHeader) + "items:\n- kind: A\n- kind: B\n", {}, r, f));
  EXPECT_EQ(r.shape, InputShape::kResourceList);
  EXPECT_EQ(r.items.size(), 2u);
  ASSERT_TRUE(scan_any("kind: A\n---\nkind: B\n---\nkind: C\n", {}, r, f));
  EXPECT_EQ(r.shape, InputShape::kStream);
  EXPECT_EQ(r.items.size(), 3u);
  ASSERT_TRUE(scan_any("apiVersion: v1\nkind: List\nitems:\n- kind: A\n", {}, r, f));
  EXPECT_EQ(r.shape, InputShape::kResourceList);
  EXPECT_EQ(r.items.size(), 1u);
  ASSERT_TRUE(scan_any("kind: ConfigMap\n", {}, r, f));
  EXPECT_EQ(r.shape, InputShape::kStream);
  EXPECT_TRUE(f.empty());
}

}  // namespace
}  // namespace vg
