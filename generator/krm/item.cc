#include "krm/item.h"

#include <yaml-cpp/depthguard.h>

#include "yaml/emit.h"

namespace vg {

bool wants_tree(const ItemSpan& s) {
  if (s.api_version == "v1") return s.kind == "PersistentVolumeClaim" || s.kind == "Secret";
  if (s.kind == "ExternalSecret" && s.api_version.rfind("external-secrets.io/", 0) == 0) return true;
  if (s.api_version == "volsync.backube/v1alpha1")
    return s.kind == "ReplicationSource" || s.kind == "ReplicationDestination";
  return false;
}

Finding item_finding(const ItemSpan& span, std::string rule, std::string message, std::string field,
                     std::string hint) {
  Finding f;
  f.rule = std::move(rule);
  f.message = std::move(message);
  f.resource = span.ref();
  f.file = span.path;
  f.line = span.file_line();
  f.field = std::move(field);
  f.hint = std::move(hint);
  return f;
}

bool parse_item(std::string_view input, Item& item, Findings& findings) {
  if (item.parsed) return true;
  try {
    item.node = YAML::Load(item_text(input, item.span));
  } catch (const YAML::DeepRecursion&) {
    findings.push_back(item_finding(item.span, "limit-depth", "nesting too deep"));
    return false;
  } catch (const YAML::Exception& e) {
    Finding f = item_finding(item.span, "yaml-parse", "malformed YAML: " + e.msg);
    if (e.mark.line >= 0 && item.span.path.empty()) f.line = item.span.line + e.mark.line;
    findings.push_back(f);
    return false;
  }
  item.parsed = true;
  item.generated = !annotation_of(item.node, kSourcePvcAnnotation).empty();
  return true;
}

bool parse_item_doc(std::string_view input, const ItemSpan& span, Doc& out, Findings& findings) {
  DocParseError err;
  if (parse_doc(item_text(input, span), out, err)) return true;
  Finding f = item_finding(span, err.too_deep ? "limit-depth" : "yaml-parse",
                           err.too_deep ? "nesting too deep" : "malformed YAML: " + err.message);
  if (span.path.empty() && err.line > 0) f.line = span.line + err.line - 1;
  findings.push_back(std::move(f));
  return false;
}

YAML::Node child(const YAML::Node& n, std::initializer_list<const char*> path) {
  YAML::Node cur = n;
  for (const char* key : path) {
    if (!cur || !cur.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    YAML::Node next = cur[key];
    if (!next) return YAML::Node(YAML::NodeType::Undefined);
    cur.reset(next);
  }
  return cur;
}

void set_annotation(YAML::Node& obj, const std::string& key, const std::string& value) {
  if (!child(obj, {"metadata"}).IsMap()) obj["metadata"] = YAML::Node(YAML::NodeType::Map);
  YAML::Node meta = obj["metadata"];
  if (!child(meta, {"annotations"}).IsMap()) meta["annotations"] = YAML::Node(YAML::NodeType::Map);
  YAML::Node ann = meta["annotations"];
  ann[key] = str_node(value);
}

std::string annotation_of(const Doc& obj, std::string_view key) {
  const Doc& v = obj.at({"metadata", "annotations", key});
  return v.IsScalar() ? v.Scalar() : std::string();
}

void set_annotation(Doc& obj, std::string_view key, std::string value) {
  Doc* meta = obj.find("metadata");
  if (!meta || !meta->IsMap()) meta = &obj.set("metadata", Doc::map());
  Doc* ann = meta->find("annotations");
  if (!ann || !ann->IsMap()) ann = &meta->set("annotations", Doc::map());
  ann->set(key, Doc::string(std::move(value)));
}

std::string annotation_of(const YAML::Node& obj, const std::string& key) {
  const YAML::Node ann = child(obj, {"metadata", "annotations"});
  if (!ann || !ann.IsMap()) return {};
  const YAML::Node v = ann[key];
  return v && v.IsScalar() ? v.Scalar() : std::string();
}

}  // namespace vg
