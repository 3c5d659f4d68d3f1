// The scanner reads back what the writer (yaml/emit.h) writes: names, kinds and item spans.
#include <gtest/gtest.h>

#include "support/doc_yaml.h"
#include <yaml-cpp/yaml.h>

#include <string>

#include "krm/scan.h"
#include "yaml/emit.h"
#include "yaml/yaml_scalar.h"

namespace vg {
namespace {

// The value a reader takes a scalar for: a string (quoted, or plain and not implicitly typed) or
// a typed plain value. Comparing these is comparing meaning, not spelling.
std::string meaning(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null: return "null";
    case YAML::NodeType::Scalar: {
      bool str = n.Tag() == "!" || n.Tag() == "tag:yaml.org,2002:str" ||
                 (n.Tag() == "?" && !is_implicitly_typed(n.Scalar()));
      return (str ? "str(" : "typed(") + n.Scalar() + ")";
    }
    case YAML::NodeType::Sequence: {
      std::string s = "[";
      for (const auto& i : n) s += meaning(i) + ",";
      return s + "]";
    }
    case YAML::NodeType::Map: {
      std::string s = "{";
      for (const auto& kv : n) s += meaning(kv.first) + ":" + meaning(kv.second) + ",";
      return s + "}";
    }
    default: return "?";
  }
}

std::string block(const YAML::Node& n, int indent = 0) {
  std::string out;
  emit_block(out, n, indent);
  return out;
}

// Strings a YAML 1.1 or 1.2 reader would type, or that carry YAML syntax.
const char* kTricky[] = {
    "yes", "no", "on", "off", "y", "N", "true", "False", "TRUE", "null", "Null", "~", "", " ",
    "0700", "0o700", "012", "0x1F", "0b101", "1e3", "1_000", ".5", "1.5", "+1", "-1", ".inf", "-.Inf",
    ".nan", "12:30:00", "2023-01-01", "2001-12-14t21:59:43.10-05:00", "<<", "=", "123456789012345678901234567890",
    "*/5 * * * *", "@daily", "a: b", "a #b", "- x", "[x]", "{x: 1}", "&a", "*a", "!tag", "|", ">", "%x", "'q'",
    "\"dq\"", "multi\nline", "trailing\n", "tab\there", " lead", "trail ", "#c", "---", "...", "é ü 名前",
    "a: b\n- c",
};

TEST(EmitScalars, StringsSurviveOurScanner) {
  for (const char* s : kTricky) {
    SCOPED_TRACE(std::string("value [") + s + "]");
    YAML::Node obj(YAML::NodeType::Map);
    obj["apiVersion"] = str_node(s);
    obj["kind"] = str_node(s);
    YAML::Node meta(YAML::NodeType::Map);
    meta["name"] = str_node(s);
    meta["namespace"] = str_node(s);
    obj["metadata"] = meta;
    std::string text = block(obj);
    ScanResult r;
    Findings f;
    ASSERT_TRUE(scan_stream(text, {}, r, f)) << text << (f.empty() ? "" : f[0].message);
    ASSERT_EQ(r.items.size(), 1u) << text;
    EXPECT_EQ(r.items[0].api_version, s);
    EXPECT_EQ(r.items[0].kind, s);
    EXPECT_EQ(r.items[0].name, s);
    EXPECT_EQ(r.items[0].namespace_, s);
  }
}

TEST(EmitText, ScannedItemsRoundTripThroughListItemText) {
  std::string in = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n"
                   "    - kind: A # c\n      data:\n        s: |+\n          x\n\n"
                   "    - {kind: B,\n       x: [1, 2]}\n"
                   "    - kind: C\n      list:\n      - a\n      - b: c\n";
  ScanResult r;
  Findings f;
  ASSERT_TRUE(scan_resource_list(in, {}, r, f));
  std::string out = "items:\n";
  for (const auto& it : r.items) emit_list_item_text(out, item_text(in, it));
  YAML::Node original = YAML::Load(in)["items"];
  YAML::Node rewritten = YAML::Load(out)["items"];
  EXPECT_EQ(meaning(rewritten), meaning(original)) << out;
  EXPECT_NE(out.find("- kind: A # c\n"), std::string::npos) << out;
}

TEST(EmitScan, EmittedObjectIsScannedWithItsName) {
  YAML::Node n = YAML::Load("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app, namespace: prod}\n");
  std::string once = block(n);
  ScanResult r;
  Findings f;
  ASSERT_TRUE(scan_stream(once, {}, r, f));
  EXPECT_EQ(r.items[0].name, "app");
  EXPECT_EQ(r.items[0].namespace_, "prod");
}

}  // namespace
}  // namespace vg
