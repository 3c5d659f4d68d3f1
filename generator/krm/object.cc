#include "krm/object.h"

namespace vg {
namespace {

// Kinds volsync-gen generates: any other object carrying its marks is the user's.
bool generated_kind(const ItemSpan& s) {
  if (s.api_version == "v1") return s.kind == "PersistentVolumeClaim" || s.kind == "Secret";
  if (s.kind == "ExternalSecret" && s.api_version.rfind("external-secrets.io/", 0) == 0) return true;
  if (s.api_version == "volsync.backube/v1alpha1")
    return s.kind == "ReplicationSource" || s.kind == "ReplicationDestination";
  return false;
}

std::string scalar(const Doc& n) { return n.IsScalar() ? n.Scalar() : std::string(); }

}  // namespace

InputObject::InputObject(std::string_view source, ItemSpan span)
    : source_(source), span_(std::move(span)), line_(span_.file_line()) {
  mark_offset_ = line_ > 0 ? line_ - 1 : -1;
  identity_from_tree();
  generated_ = span_.generated && span_.managed_label && generated_kind(span_);
}

InputObject::InputObject(std::string_view source, ItemSpan span, std::string file)
    : source_(source), span_(std::move(span)), file_(std::move(file)), line_(span_.line) {
  mark_offset_ = line_ - 1;
  identity_from_tree();
  generated_ = span_.generated && span_.managed_label && generated_kind(span_);
}

InputObject::InputObject(Doc doc, std::string file, int line)
    : file_(std::move(file)), line_(line), mark_offset_(0) {
  span_.line = line;
  take_identity(doc);
  generated_ = span_.generated && span_.managed_label && generated_kind(span_);
  doc_ = std::make_unique<Doc>(std::move(doc));
}

void InputObject::take_identity(const Doc& doc) {
  span_.api_version = scalar(doc["apiVersion"]);
  span_.kind = scalar(doc["kind"]);
  span_.name = scalar(doc.at({"metadata", "name"}));
  span_.namespace_ = scalar(doc.at({"metadata", "namespace"}));
  span_.source_pvc = annotation_of(doc, kSourcePvcAnnotation);
  span_.generated = !span_.source_pvc.empty();
  span_.managed_label = scalar(doc.at({"metadata", "labels", kManagedByLabel})) == kManagedByValue;
}

// The scanner reads identities from the keys as written; a merge key may supply some (`metadata:
// {<<: *m}`), as kubectl reads them. Rare, so the tree is parsed only then; a parse error is the
// reader's to report, when a stage reads the object.
void InputObject::identity_from_tree() {
  if (!span_.merged_identity) return;
  Doc doc;
  Findings ignored;
  if (parse(doc, ignored)) take_identity(doc);
}

std::string InputObject::text() const { return item_text(source_, span_); }

bool InputObject::parse(Doc& out, Findings& findings) const {
  DocParseError err;
  if (parse_doc(text(), out, err)) return true;
  Finding f = object_finding(*this, err.too_deep ? "limit-depth" : "yaml-parse",
                             err.too_deep ? "nesting too deep" : "malformed YAML: " + err.message);
  if (line_ > 0 && err.line > 0) f.line = line_ + err.line - 1;
  findings.push_back(std::move(f));
  return false;
}

const Doc* InputObject::doc(Findings& findings) {
  if (doc_) return doc_.get();
  if (failed_) return nullptr;
  auto d = std::make_unique<Doc>();
  if (!parse(*d, findings)) {
    failed_ = true;
    return nullptr;
  }
  doc_ = std::move(d);
  return doc_.get();
}

void add_input_objects(std::vector<InputObject>& objects, std::string_view source, ItemSpan span) {
  std::vector<ItemSpan> items = std::move(span.items);
  const std::size_t index = objects.size();
  objects.emplace_back(source, std::move(span));
  for (ItemSpan& item : items) {
    const std::size_t at = objects.size();
    add_input_objects(objects, source, std::move(item));
    objects[at].set_list(index);
  }
}

Finding object_finding(const InputObject& obj, std::string rule, std::string message, std::string field,
                       std::string hint) {
  return Finding{.rule = std::move(rule),
                 .message = std::move(message),
                 .resource = obj.ref(),
                 .field = std::move(field),
                 .file = obj.file(),
                 .line = obj.line(),
                 .hint = std::move(hint)};
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

}  // namespace vg
