// One input object, the same for the function, lint, render and inventory: where it is (the
// scanner's byte span, the file and line to report), what it is (apiVersion/kind/name/namespace),
// and its tree, a Doc parsed from its text only when a stage reads it. Untouched objects are never
// parsed: the output copies their bytes.
//
// ItemSpan (scan.h) stays the scanner's raw output: spans are what the byte-level code (item_text,
// OutputBuilder) works on, and the scanner should not own trees. An InputObject wraps one span
// with the text it points into and the file it came from.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "krm/finding.h"
#include "krm/scan.h"
#include "yaml/doc.h"

namespace vg {

// Marks objects volsync-gen generated, so a re-run replaces them instead of adding copies.
inline constexpr const char* kSourcePvcAnnotation = "volsync-gen.io/source-pvc";
// With the annotation, the other mark every generated object carries (set by code, not templates).
inline constexpr const char* kManagedByLabel = "app.kubernetes.io/managed-by";
inline constexpr const char* kManagedByValue = "volsync-gen";
inline constexpr const char* kLocalConfigAnnotation = "config.kubernetes.io/local-config";
inline constexpr const char* kPrivilegedMoversAnnotation = "volsync.backube/privileged-movers";

class InputObject {
 public:
  // An item of a ResourceList or stream: findings name the kpt path annotation, if any.
  InputObject(std::string_view source, ItemSpan span);
  // An object of a file read from disk (lint, render): findings name that file and its lines.
  InputObject(std::string_view source, ItemSpan span, std::string file);
  // An object already parsed (lint's whole-file fallback): no span, identity from the tree.
  InputObject(Doc doc, std::string file, int line);

  InputObject(InputObject&&) = default;
  InputObject& operator=(InputObject&&) = default;

  const ItemSpan& span() const { return span_; }
  std::string_view source() const { return source_; }  // the whole text the span points into
  ResourceRef ref() const { return span_.ref(); }
  bool is(std::string_view api_version, std::string_view kind) const {
    return span_.api_version == api_version && span_.kind == kind;
  }
  // A kind volsync-gen generates, carrying its label and bookkeeping annotation: likely a previous
  // run's. Whether it is provably one (the name too) is decided by volsync/ownership.h.
  bool generated() const { return generated_; }
  // An object inside a List (span().is_list): the index of that List among the run's objects.
  // It is read like any other object and written with its List (krm/list_edit.h).
  bool in_list() const { return list_ != kNoList; }
  std::size_t list() const { return list_; }
  void set_list(std::size_t list) { list_ = list; }
  const std::string& file() const { return file_.empty() ? span_.path : file_; }
  int line() const { return line_; }  // first line in file(); 0 when unknown (kpt re-serialized it)
  // Added to a Doc mark's 0-based line + 1 gives the line in file(); -1 when unknown.
  int mark_offset() const { return mark_offset_; }
  // The text re-indented to column 0 (item_text).
  std::string text() const;

  // The tree, parsed on first use and kept until drop_doc(); nullptr when it cannot be parsed
  // (the error becomes a finding at the object's file and line, once).
  const Doc* doc(Findings& findings);
  void drop_doc() { doc_.reset(); }
  // A fresh parse that is not kept: for objects read once (workloads, previous generated objects).
  bool parse(Doc& out, Findings& findings) const;

 private:
  static constexpr std::size_t kNoList = static_cast<std::size_t>(-1);
  void take_identity(const Doc& doc);
  void identity_from_tree();  // for spans with merged_identity

  std::string_view source_;
  ItemSpan span_;
  std::size_t list_ = kNoList;
  std::string file_;  // empty: span_.path
  int line_ = 0;
  int mark_offset_ = -1;
  bool generated_ = false;
  bool failed_ = false;
  std::unique_ptr<Doc> doc_;
};

// Appends the item of a ResourceList or stream and, when it is a List, the objects in it (nested
// Lists' too) right after it, each knowing its List: every object kubectl reads is an InputObject
// of its own, and a List is still one item to write.
void add_input_objects(std::vector<InputObject>& objects, std::string_view source, ItemSpan span);

// A finding about an object, located at its first line.
Finding object_finding(const InputObject& obj, std::string rule, std::string message,
                       std::string field = {}, std::string hint = {});

// metadata.annotations[key] as a string, or empty.
std::string annotation_of(const Doc& obj, std::string_view key);
// Sets metadata.annotations[key] = value (a string), creating the maps as needed.
void set_annotation(Doc& obj, std::string_view key, std::string value);

}  // namespace vg
