#include "yaml/emit.h"

#include <stdexcept>

#include "yaml/yaml_scalar.h"

namespace vg {
namespace {

constexpr int kMaxDepth = 200;
constexpr const char* kStrTag = "tag:yaml.org,2002:str";

// Appends the scalar as it must be written (appending: no string is made per scalar).
void append_scalar_text(std::string& out, const Doc& n) {
  if (is_string_scalar(n)) return append_scalar_for_yaml(out, n.Scalar());
  const std::string& tag = n.Tag();
  if (tag.empty() || tag == "?") {
    // Untyped text (int_node, bool_node, plain input) is written as is, unless it would be read
    // back as structure ("a: b", "- x") or as null: then it can only have been meant as a string.
    const std::string& s = n.Scalar();
    if (!s.empty() && (plain_is_safe(s) || is_implicitly_typed(s))) out += s;
    else out += double_quoted(s);
    return;
  }
  // Other explicit tags (!!int "3", !custom x) keep their tag so the value's type survives.
  out += "!<";
  out += tag;
  out += "> ";
  out += double_quoted(n.Scalar());
}

bool is_empty_collection(const Doc& n) {
  return (n.IsMap() || n.IsSequence()) && n.size() == 0;
}

void emit_value_after_key(std::string& out, const Doc& v, int indent, int depth);

void emit_map(std::string& out, const Doc& n, int indent, bool first_inline, int depth) {
  bool first = true;
  for (const auto& kv : n.entries()) {
    if (!(first && first_inline)) out.append(indent, ' ');
    first = false;
    // Kubernetes keys are always strings: a Secret data key "1" or "yes" must not become an int or bool.
    const Doc& k = kv.first;
    const bool typed_key = k.IsScalar() && !is_string_scalar(k) && !k.Tag().empty() && k.Tag() != "?";
    if (!k.IsScalar()) out += double_quoted("<complex key>");
    else if (typed_key) append_scalar_text(out, k);
    else append_scalar_for_yaml(out, k.Scalar());
    out += ':';
    emit_value_after_key(out, kv.second, indent, depth);
  }
}

void emit_seq(std::string& out, const Doc& n, int indent, bool first_inline, int depth);

// Writes one value that starts right after "- " at column `indent` (already positioned).
void emit_inline_start(std::string& out, const Doc& v, int indent, int depth) {
  if (depth > kMaxDepth) throw std::runtime_error("output nesting too deep");
  if (v.IsMap() && v.size() > 0) {
    emit_map(out, v, indent, true, depth + 1);
  } else if (v.IsSequence() && v.size() > 0) {
    emit_seq(out, v, indent, true, depth + 1);
  } else if (v.IsMap()) {
    out += "{}\n";
  } else if (v.IsSequence()) {
    out += "[]\n";
  } else if (v.IsNull() || !v.IsDefined()) {
    out += "null\n";
  } else {
    append_scalar_text(out, v);
    out += '\n';
  }
}

void emit_seq(std::string& out, const Doc& n, int indent, bool first_inline, int depth) {
  bool first = true;
  for (const auto& item : n.items()) {
    if (!(first && first_inline)) out.append(indent, ' ');
    first = false;
    out += "- ";
    emit_inline_start(out, item, indent + 2, depth);
  }
}

void emit_value_after_key(std::string& out, const Doc& v, int indent, int depth) {
  if (depth > kMaxDepth) throw std::runtime_error("output nesting too deep");
  if (v.IsMap() && !is_empty_collection(v)) {
    out += '\n';
    emit_map(out, v, indent + 2, false, depth + 1);
  } else if (v.IsSequence() && !is_empty_collection(v)) {
    out += '\n';
    emit_seq(out, v, indent, false, depth + 1);
  } else {
    out += ' ';
    emit_inline_start(out, v, indent + 2, depth);
  }
}

void emit_flow_at(std::string& out, const Doc& n, int depth) {
  if (depth > kMaxDepth) throw std::runtime_error("output nesting too deep");
  if (n.IsMap()) {
    out += '{';
    bool first = true;
    for (const auto& kv : n.entries()) {
      out += first ? "" : ", ";
      first = false;
      const Doc& k = kv.first;
      if (k.IsScalar()) append_scalar_for_yaml(out, k.Scalar());
      else out += double_quoted("<complex key>");
      out += ": ";
      emit_flow_at(out, kv.second, depth + 1);
    }
    out += '}';
  } else if (n.IsSequence()) {
    out += '[';
    for (std::size_t i = 0; i < n.size(); ++i) {
      out += i ? ", " : "";
      emit_flow_at(out, n.items()[i], depth + 1);
    }
    out += ']';
  } else if (n.IsScalar()) {
    append_scalar_text(out, n);
  } else {
    out += "null";
  }
}

}  // namespace

void emit_flow(std::string& out, const Doc& node) { emit_flow_at(out, node, 0); }

bool is_string_scalar(const Doc& n) { return n.IsScalar() && (n.Tag() == "!" || n.Tag() == kStrTag); }

void emit_block(std::string& out, const Doc& node, int indent) {
  if (node.IsMap() && node.size() > 0) {
    emit_map(out, node, indent, false, 0);
  } else {
    out.append(indent, ' ');
    emit_inline_start(out, node, indent, 0);
  }
}

void emit_list_item(std::string& out, const Doc& node) {
  out += "- ";
  emit_inline_start(out, node, 2, 0);
}

void emit_list_item_text(std::string& out, std::string_view text) {
  std::size_t pos = 0;
  bool first = true;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (first) out += "- ";
    else if (!line.empty() && line != "\r") out += "  ";
    out.append(line);
    out += '\n';
    first = false;
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  if (first) out += "- {}\n";
}

void emit_key_with_text(std::string& out, std::string_view key, std::string_view text, bool flow) {
  out.append(key);
  out += flow ? ": " : ":\n";
  std::size_t pos = 0;
  bool first = true;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if ((!first || !flow) && !line.empty() && line != "\r") out += "  ";
    out.append(line);
    out += '\n';
    first = false;
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
}

}  // namespace vg
