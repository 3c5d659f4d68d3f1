#include "yaml/emit.h"

#include <gtest/gtest.h>

#include "support/doc_yaml.h"

#include <stdexcept>
#include <string>

#include "yaml/yaml_scalar.h"

namespace vg {
namespace {

TEST(EmitScalars, StringsComeBackAsTheSameStrings) {
  for (const char* s : kTrickyStrings) {
    SCOPED_TRACE(std::string("value [") + s + "]");
    YAML::Node m(YAML::NodeType::Map);
    m["v"] = str_node(s);
    std::string text = block(m);
    YAML::Node back = YAML::Load(text);
    ASSERT_TRUE(back.IsMap()) << text;
    ASSERT_EQ(back.size(), 1u) << text;
    ASSERT_TRUE(back["v"].IsScalar()) << text;
    EXPECT_EQ(back["v"].Scalar(), s) << text;
    EXPECT_EQ(meaning(back["v"]), std::string("str(") + s + ")") << text;
    if (is_implicitly_typed(s)) {
      EXPECT_EQ(text[3], '"') << text;
    }
  }
}

TEST(EmitScalars, KeysAreStringsToo) {
  // Kubernetes keys are always strings (Secret data keys may be "1", "yes" or "0700"); a YAML 1.1
  // reader must not turn them into ints or bools, and syntax in a key must not break the document.
  for (const char* k : {"yes", "on", "1", "0700", "true", "1e3", "2023-01-01", "a: b", "#x", "- k", "~"}) {
    SCOPED_TRACE(std::string("key [") + k + "]");
    YAML::Node m(YAML::NodeType::Map);
    m[std::string(k)] = str_node("v");
    m["after"] = str_node("w");
    std::string text = block(m);
    YAML::Node back = YAML::Load(text);
    ASSERT_TRUE(back.IsMap()) << text;
    ASSERT_EQ(back.size(), 2u) << text;
    auto it = back.begin();
    EXPECT_EQ(it->first.Scalar(), k) << text;
    EXPECT_EQ(meaning(it->first), std::string("str(") + k + ")") << text;
  }
}

TEST(EmitScalars, UntaggedStringsNeverAddStructure) {
  // Nodes built from a plain std::string (not str_node) are written as they are when that is safe;
  // text that would change the document's structure is quoted.
  for (const char* s : {"a: b\n- c", "{x: 1}", "x # y", "- z", "[1, 2]"}) {
    SCOPED_TRACE(s);
    YAML::Node m(YAML::NodeType::Map);
    m["v"] = YAML::Node(std::string(s));
    m["w"] = str_node("after");
    YAML::Node back = YAML::Load(block(m));
    ASSERT_EQ(back.size(), 2u);
    ASSERT_TRUE(back["v"].IsScalar());
    EXPECT_EQ(back["v"].Scalar(), s);
  }
}

TEST(EmitScalars, NumbersAndBoolsStayTyped) {
  YAML::Node m(YAML::NodeType::Map);
  m["a"] = int_node(42);
  m["b"] = int_node(-7);
  m["c"] = int_node(0);
  m["d"] = bool_node(true);
  m["e"] = bool_node(false);
  m["f"] = str_node("42");
  EXPECT_EQ(block(m), "a: 42\nb: -7\nc: 0\nd: true\ne: false\nf: \"42\"\n");
  YAML::Node back = YAML::Load(block(m));
  EXPECT_EQ(back["a"].as<int>(), 42);
  EXPECT_EQ(back["b"].as<int>(), -7);
  EXPECT_TRUE(back["d"].as<bool>());
  EXPECT_EQ(back["a"].Tag(), "?");
  EXPECT_EQ(back["f"].Tag(), "!");
}

TEST(EmitScalars, IsStringScalar) {
  EXPECT_TRUE(is_string_scalar(str_node("x")));
  EXPECT_FALSE(is_string_scalar(int_node(1)));
  EXPECT_FALSE(is_string_scalar(bool_node(true)));
  YAML::Node parsed = YAML::Load("{a: \"1\", b: 1, c: !!str 1, d: [x], e: 'q'}");
  EXPECT_TRUE(is_string_scalar(parsed["a"]));
  EXPECT_FALSE(is_string_scalar(parsed["b"]));
  EXPECT_TRUE(is_string_scalar(parsed["c"]));
  EXPECT_FALSE(is_string_scalar(parsed["d"]));
  EXPECT_TRUE(is_string_scalar(parsed["e"]));
}

TEST(EmitScalars, ExplicitTagsAreKept) {
  YAML::Node n = YAML::Load("a: !!int \"3\"\nb: !!str 0700\nc: !custom x\n");
  std::string text = block(n);
  EXPECT_EQ(text, "a: !<tag:yaml.org,2002:int> \"3\"\nb: \"0700\"\nc: !<!custom> \"x\"\n");
  YAML::Node back = YAML::Load(text);
  EXPECT_EQ(back["a"].Tag(), "tag:yaml.org,2002:int");
  EXPECT_EQ(back["c"].Tag(), "!custom");
}

TEST(EmitLayout, Table) {
  struct Case {
    const char* name;
    const char* input;  // parsed with yaml-cpp
    int indent;
    const char* expected;
  };
  const Case cases[] = {
      {"flat map", "{a: x, b: 1}", 0, "a: x\nb: 1\n"},
      {"nested map", "{a: {b: {c: d}}}", 0, "a:\n  b:\n    c: d\n"},
      {"compact list under key", "{a: [x, y]}", 0, "a:\n- x\n- y\n"},
      {"list of maps", "{c: [{name: n, image: i}, {name: m}]}", 0,
       "c:\n- name: n\n  image: i\n- name: m\n"},
      {"list in list", "{a: [[x, y], [z]]}", 0, "a:\n- - x\n  - y\n- - z\n"},
      {"map in list in map", "{a: [{b: [{c: d}]}]}", 0, "a:\n- b:\n  - c: d\n"},
      {"empty collections", "{m: {}, l: [], z: ~, e: [{}, []]}", 0, "m: {}\nl: []\nz: null\ne:\n- {}\n- []\n"},
      {"indented", "{a: {b: [c]}}", 4, "    a:\n      b:\n      - c\n"},
      {"top-level list", "[a, {b: c}]", 0, "- a\n- b: c\n"},
      {"top-level list indented", "[a, b]", 2, "  - a\n  - b\n"},
      {"top-level scalar", "hello", 0, "hello\n"},
      {"top-level empty map", "{}", 0, "{}\n"},
      {"block scalar becomes quoted", "a: |\n  x\n  y\n", 0, "a: \"x\\ny\\n\"\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    YAML::Node n = YAML::Load(c.input);
    std::string text = block(n, c.indent);
    EXPECT_EQ(text, c.expected);
    EXPECT_EQ(meaning(YAML::Load(text)), meaning(n));
  }
}

TEST(EmitLayout, PlainKeysAYaml11ReaderWouldTypeAreQuoted) {
  // kubectl (sigs.k8s.io/yaml) turns a plain key `on` into "true"; quoting keeps the key.
  EXPECT_EQ(block(YAML::Load("{n: 1, on: x, 8080: y, plain: z}")),
            "\"n\": 1\n\"on\": x\n\"8080\": y\nplain: z\n");
}

TEST(EmitLayout, RealisticObjectRoundTrip) {
  const char* in = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: prod
  labels: {app: web, "version": "1.10", enabled: "true"}
  annotations:
    config.kubernetes.io/index: "0"
    prometheus.io/scrape: 'true'
    note: "line one\nline two"
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    spec:
      securityContext: {runAsUser: 1000, fsGroup: 2000}
      containers:
      - name: web
        image: nginx:1.25
        args: ["--port", "8080", --verbose]
        env:
        - name: UMASK
          value: "0700"
        - name: FLAG
          value: "yes"
        - name: EMPTY
          value: ""
        - name: DATE
          value: "2023-01-01"
        ports:
        - containerPort: 8080
          protocol: TCP
        command:
        - sh
        - -c
        - |
          echo "hi: there" # not a comment
          exit 0
      volumes: []
      nodeSelector: {}
      tolerations: ~
)";
  YAML::Node n = YAML::Load(in);
  std::string once = block(n);
  YAML::Node back = YAML::Load(once);
  EXPECT_EQ(meaning(back), meaning(n)) << once;
  EXPECT_EQ(block(back), once) << "emitting is stable";
  EXPECT_NE(once.find("      containers:\n      - name: web\n"), std::string::npos) << once;
  EXPECT_NE(once.find("value: \"0700\""), std::string::npos) << once;
  EXPECT_NE(once.find("replicas: 3\n"), std::string::npos) << once;
}

TEST(EmitLayout, DepthIsBounded) {
  YAML::Node cyclic = YAML::Load("a: &x [*x]");
  std::string out;
  EXPECT_THROW(emit_block(out, cyclic, 0), std::runtime_error);
  YAML::Node deep = YAML::Load(std::string(300, '[') + std::string(300, ']'));
  out.clear();
  EXPECT_THROW(emit_block(out, deep, 0), std::runtime_error);
  YAML::Node ok = YAML::Load(std::string(100, '[') + "x" + std::string(100, ']'));
  out.clear();
  EXPECT_NO_THROW(emit_block(out, ok, 0));
  EXPECT_EQ(meaning(YAML::Load(out)), meaning(ok));
}

TEST(EmitText, ListItemText) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"kind: A\nmetadata:\n  name: a", "- kind: A\n  metadata:\n    name: a\n"},
      {"kind: A\n", "- kind: A\n"},
      {"kind: A\n\ndata:\n  x: |+\n    k\n\n", "- kind: A\n\n  data:\n    x: |+\n      k\n\n"},
      {"{\"kind\": \"A\",\n \"x\": 1}", "- {\"kind\": \"A\",\n   \"x\": 1}\n"},
      {"kind: A\r\nx: 1\r\n", "- kind: A\r\n  x: 1\r\n"},
      {"", "- {}\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    std::string out;
    emit_list_item_text(out, c.text);
    EXPECT_EQ(out, c.expected);
  }
}

TEST(EmitText, KeyWithText) {
  std::string out;
  emit_key_with_text(out, "functionConfig", "kind: X\nspec:\n  a: 1", false);
  EXPECT_EQ(out, "functionConfig:\n  kind: X\n  spec:\n    a: 1\n");
  out.clear();
  emit_key_with_text(out, "functionConfig", "{kind: X,\n spec: {}}", true);
  EXPECT_EQ(out, "functionConfig: {kind: X,\n   spec: {}}\n");
  YAML::Node back = YAML::Load(out);
  EXPECT_EQ(back["functionConfig"]["kind"].Scalar(), "X");
}

}  // namespace
}  // namespace vg
