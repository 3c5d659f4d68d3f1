// Doc: the small YAML tree of the hot path (PVCs read, objects generated, validated and written).
// yaml-cpp's nodes cost ~1 KB and several allocations each, plus a shared memory pool merged on
// every assignment; 10 000 PVCs made 1.6 million of them. A Doc is a plain value: copying is a
// deep copy, destroying it frees its vectors, nothing is shared.
//
// The accessors are named like yaml-cpp's (IsMap, Scalar, Tag, Mark) with the same meanings, so
// code and findings read the same for both, and converted values compare equal (doc_yaml.h).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "yaml/limits.h"

namespace vg {

struct DocMark {  // 0-based, like YAML::Mark; -1 when the node was not read from text
  int line = -1;
  int column = -1;
};

enum class DocType : std::uint8_t { kUndefined, kNull, kScalar, kSequence, kMap };

struct DocEntry;

class Doc {
 public:
  Doc() = default;  // undefined: what a lookup of a missing key returns
  static Doc null();
  // tag: "" untyped text (numbers, booleans we build), "!" a string whatever it looks like, "?" a
  // plain scalar as read from input, anything else an explicit tag ("tag:yaml.org,2002:int").
  static Doc scalar(std::string value, std::string_view tag = {});
  static Doc string(std::string value);
  static Doc map();
  static Doc sequence();

  DocType Type() const { return type_; }
  bool IsDefined() const { return type_ != DocType::kUndefined; }
  bool IsNull() const { return type_ == DocType::kNull; }
  bool IsScalar() const { return type_ == DocType::kScalar; }
  bool IsSequence() const { return type_ == DocType::kSequence; }
  bool IsMap() const { return type_ == DocType::kMap; }
  explicit operator bool() const { return IsDefined(); }

  const std::string& Scalar() const { return value_; }  // "" unless a scalar
  const std::string& Tag() const;
  DocMark Mark() const { return mark_; }
  void set_mark(DocMark m) { mark_ = m; }
  void set_tag(std::string_view tag);
  std::size_t size() const;  // entries of a map, items of a sequence, else 0

  // Maps. Lookups return the first entry with the key (the readers refuse duplicates).
  const Doc* find(std::string_view key) const;
  Doc* find(std::string_view key);
  const Doc& operator[](std::string_view key) const;  // an undefined Doc when absent or not a map
  // Replaces the value of `key`, or appends the entry; turns an undefined/null Doc into a map.
  Doc& set(std::string_view key, Doc value);
  bool erase(std::string_view key);
  const std::vector<DocEntry>& entries() const { return entries_; }
  std::vector<DocEntry>& entries() { return entries_; }
  void add(Doc key, Doc value);  // appends without looking for the key

  // Sequences.
  const Doc& operator[](int index) const;  // an undefined Doc when out of range or not a sequence
  const std::vector<Doc>& items() const { return items_; }
  std::vector<Doc>& items() { return items_; }
  void push_back(Doc item);  // turns an undefined/null Doc into a sequence

  // Walks `path` through maps; an undefined Doc when a step is missing or not a map.
  const Doc& at(std::initializer_list<std::string_view> path) const;

 private:
  enum class TagKind : std::uint8_t { kNone, kPlain, kNonPlain, kExplicit };
  DocType type_ = DocType::kUndefined;
  TagKind tag_kind_ = TagKind::kNone;
  DocMark mark_;
  std::string value_;
  // Only for TagKind::kExplicit, which is rare: shared (tags never change once set), so that a Doc
  // is 16 bytes smaller than with a string of its own, in every tree the run builds.
  std::shared_ptr<const std::string> tag_;
  std::vector<DocEntry> entries_;
  std::vector<Doc> items_;
};

struct DocEntry {
  Doc first;   // the key (a scalar in everything Kubernetes reads)
  Doc second;  // the value
};

// Here, not in the class: returning a Doc needs ~Doc, hence a complete DocEntry (clang insists).
inline Doc Doc::string(std::string value) { return scalar(std::move(value), "!"); }

// Structural equality: types, scalar text and tags' meaning (string or not), order of entries.
bool same_doc(const Doc& a, const Doc& b);

struct DocParseError {
  std::string rule;     // the scanner's rule ids: yaml-parse, yaml-duplicate-key, limit-depth, limit-aliases, ...
  std::string message;  // libyaml's problem with its context, or the broken limit (limits.h)
  int line = 0;         // 1-based
  int column = 0;       // 1-based
  bool too_deep = false;  // rule == "limit-depth"
};

// kKeep is for lint alone: it reads a file with a duplicated key whole, so that the schema check
// reports both keys at the field. Everything else refuses it, as the scanner does.
enum class DuplicateKeys { kError, kKeep };

// Parses YAML text with libyaml into one Doc per document (an empty stream gives none), within
// `limits` as krm/scan.h applies them (per document where the scanner counts per object). Aliases
// are expanded by copy, and merge keys (`<<: *base`, `<<: [*a, *b]`) are resolved as kubectl and
// kustomize resolve them: the map's own keys win, then the earlier merged map; the tree holds no `<<`
// entry (an edited object re-emitted from it means the same). Scalars resolve as yaml-cpp does:
// untagged plain `~`, `null`, `Null`, `NULL` and empty are null; every other scalar keeps its text and tag.
bool parse_docs(std::string_view text, std::vector<Doc>& out, DocParseError& error, const Limits& limits = {},
                DuplicateKeys duplicates = DuplicateKeys::kError);
// Exactly the first document (a null Doc for empty text), like YAML::Load.
bool parse_doc(std::string_view text, Doc& out, DocParseError& error, const Limits& limits = {},
               DuplicateKeys duplicates = DuplicateKeys::kError);

}  // namespace vg
