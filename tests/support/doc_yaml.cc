#include "support/doc_yaml.h"

#include "yaml/emit.h"
#include "yaml/yaml_scalar.h"

#include <stdexcept>

namespace vg {
namespace {

constexpr int kMaxDepth = 500;

Doc convert(const YAML::Node& n, int depth) {
  if (depth > kMaxDepth) throw std::runtime_error("nesting too deep");
  Doc d;
  switch (n.Type()) {
    case YAML::NodeType::Undefined: return d;
    case YAML::NodeType::Null: d = Doc::null(); d.set_tag(n.Tag()); break;
    case YAML::NodeType::Scalar: d = Doc::scalar(n.Scalar(), n.Tag()); break;
    case YAML::NodeType::Sequence:
      d = Doc::sequence();
      d.set_tag(n.Tag());
      d.items().reserve(n.size());
      for (const auto& item : n) d.items().push_back(convert(item, depth + 1));
      break;
    case YAML::NodeType::Map:
      d = Doc::map();
      d.set_tag(n.Tag());
      d.entries().reserve(n.size());
      for (const auto& kv : n) d.entries().push_back({convert(kv.first, depth + 1), convert(kv.second, depth + 1)});
      break;
  }
  const YAML::Mark m = n.Mark();
  d.set_mark({m.line, m.column});
  return d;
}

}  // namespace

Doc to_doc(const YAML::Node& n) { return convert(n, 0); }

YAML::Node to_yaml(const Doc& d) {
  switch (d.Type()) {
    case DocType::kUndefined: return YAML::Node(YAML::NodeType::Undefined);
    case DocType::kNull: return YAML::Node(YAML::NodeType::Null);
    case DocType::kScalar: {
      YAML::Node n(d.Scalar());
      if (!d.Tag().empty()) n.SetTag(d.Tag());
      return n;
    }
    case DocType::kSequence: {
      YAML::Node n(YAML::NodeType::Sequence);
      for (const Doc& item : d.items()) n.push_back(to_yaml(item));
      return n;
    }
    case DocType::kMap: {
      YAML::Node n(YAML::NodeType::Map);
      for (const DocEntry& e : d.entries()) n.force_insert(to_yaml(e.first), to_yaml(e.second));
      return n;
    }
  }
  return {};
}

YAML::Node str_node(std::string_view s) {
  YAML::Node n{std::string(s)};
  n.SetTag("!");
  return n;
}

YAML::Node int_node(long long v) { return YAML::Node(std::to_string(v)); }

YAML::Node bool_node(bool v) { return YAML::Node(std::string(v ? "true" : "false")); }

bool is_string_scalar(const YAML::Node& n) {
  return n.IsScalar() && (n.Tag() == "!" || n.Tag() == "tag:yaml.org,2002:str");
}

void emit_block(std::string& out, const YAML::Node& node, int indent) { emit_block(out, to_doc(node), indent); }

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

std::string block(const YAML::Node& n, int indent) {
  std::string out;
  emit_block(out, n, indent);
  return out;
}

const std::vector<const char*> kTrickyStrings = {
    "yes", "no", "on", "off", "y", "N", "true", "False", "TRUE", "null", "Null", "~", "", " ",
    "0700", "0o700", "012", "0x1F", "0b101", "1e3", "1_000", ".5", "1.5", "+1", "-1", ".inf", "-.Inf",
    ".nan", "12:30:00", "2023-01-01", "2001-12-14t21:59:43.10-05:00", "<<", "=", "123456789012345678901234567890",
    "*/5 * * * *", "@daily", "a: b", "a #b", "- x", "[x]", "{x: 1}", "&a", "*a", "!tag", "|", ">", "%x", "'q'",
    "\"dq\"", "multi\nline", "trailing\n", "tab\there", " lead", "trail ", "#c", "---", "...", "é ü 名前",
    "a: b\n- c",
};

}  // namespace vg
