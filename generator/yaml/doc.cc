#include "yaml/doc.h"

#include <yaml.h>

#include <algorithm>
#include <map>
#include <unordered_set>

namespace vg {
namespace {

const Doc& undefined_doc() {
  static const Doc d;
  return d;
}

const std::string& empty_string() {
  static const std::string s;
  return s;
}

}  // namespace

Doc Doc::null() {
  Doc d;
  d.type_ = DocType::kNull;
  return d;
}

Doc Doc::scalar(std::string value, std::string_view tag) {
  Doc d;
  d.type_ = DocType::kScalar;
  d.value_ = std::move(value);
  d.set_tag(tag);
  return d;
}

Doc Doc::map() {
  Doc d;
  d.type_ = DocType::kMap;
  return d;
}

Doc Doc::sequence() {
  Doc d;
  d.type_ = DocType::kSequence;
  return d;
}

const std::string& Doc::Tag() const {
  static const std::string plain = "?", non_plain = "!";
  switch (tag_kind_) {
    case TagKind::kNone: return empty_string();
    case TagKind::kPlain: return plain;
    case TagKind::kNonPlain: return non_plain;
    case TagKind::kExplicit: return tag_ ? *tag_ : empty_string();
  }
  return empty_string();
}

void Doc::set_tag(std::string_view tag) {
  tag_.reset();
  if (tag.empty()) tag_kind_ = TagKind::kNone;
  else if (tag == "?") tag_kind_ = TagKind::kPlain;
  else if (tag == "!") tag_kind_ = TagKind::kNonPlain;
  else {
    tag_kind_ = TagKind::kExplicit;
    tag_ = std::make_shared<const std::string>(tag);
  }
}

std::size_t Doc::size() const {
  if (type_ == DocType::kMap) return entries_.size();
  if (type_ == DocType::kSequence) return items_.size();
  return 0;
}

const Doc* Doc::find(std::string_view key) const {
  if (type_ != DocType::kMap) return nullptr;
  for (const DocEntry& e : entries_)
    if (e.first.type_ == DocType::kScalar && e.first.value_ == key) return &e.second;
  return nullptr;
}

Doc* Doc::find(std::string_view key) {
  return const_cast<Doc*>(static_cast<const Doc*>(this)->find(key));
}

const Doc& Doc::operator[](std::string_view key) const {
  const Doc* d = find(key);
  return d ? *d : undefined_doc();
}

const Doc& Doc::operator[](int index) const {
  if (type_ != DocType::kSequence || index < 0 || static_cast<std::size_t>(index) >= items_.size())
    return undefined_doc();
  return items_[static_cast<std::size_t>(index)];
}

Doc& Doc::set(std::string_view key, Doc value) {
  if (type_ != DocType::kMap) *this = map();
  if (Doc* d = find(key)) {
    *d = std::move(value);
    return *d;
  }
  entries_.push_back({Doc::string(std::string(key)), std::move(value)});
  return entries_.back().second;
}

bool Doc::erase(std::string_view key) {
  if (type_ != DocType::kMap) return false;
  for (auto it = entries_.begin(); it != entries_.end(); ++it)
    if (it->first.type_ == DocType::kScalar && it->first.value_ == key) {
      entries_.erase(it);
      return true;
    }
  return false;
}

void Doc::add(Doc key, Doc value) {
  if (type_ != DocType::kMap) *this = map();
  entries_.push_back({std::move(key), std::move(value)});
}

void Doc::push_back(Doc item) {
  if (type_ != DocType::kSequence) *this = sequence();
  items_.push_back(std::move(item));
}

const Doc& Doc::at(std::initializer_list<std::string_view> path) const {
  const Doc* cur = this;
  for (std::string_view key : path) {
    cur = cur->find(key);
    if (!cur) return undefined_doc();
  }
  return *cur;
}

bool same_doc(const Doc& a, const Doc& b) {
  if (a.Type() != b.Type()) return false;
  switch (a.Type()) {
    case DocType::kUndefined:
    case DocType::kNull: return true;
    case DocType::kScalar: {
      auto is_str = [](const Doc& d) { return d.Tag() == "!" || d.Tag() == "tag:yaml.org,2002:str"; };
      return a.Scalar() == b.Scalar() && is_str(a) == is_str(b);
    }
    case DocType::kSequence:
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i)
        if (!same_doc(a.items()[i], b.items()[i])) return false;
      return true;
    case DocType::kMap:
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i)
        if (!same_doc(a.entries()[i].first, b.entries()[i].first) ||
            !same_doc(a.entries()[i].second, b.entries()[i].second))
          return false;
      return true;
  }
  return false;
}

namespace {

class Builder {
 public:
  Builder(std::string_view text, const Limits& limits, DuplicateKeys duplicates)
      : limits_(limits), duplicates_(duplicates) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_encoding(&parser_, YAML_UTF8_ENCODING);
    // libyaml asserts on a null pointer, which an empty string_view may hold.
    static constexpr unsigned char kNothing[1] = {0};
    yaml_parser_set_input_string(
        &parser_, text.data() ? reinterpret_cast<const unsigned char*>(text.data()) : kNothing, text.size());
  }
  ~Builder() { yaml_parser_delete(&parser_); }
  Builder(const Builder&) = delete;
  Builder& operator=(const Builder&) = delete;

  bool run(std::vector<Doc>& out, DocParseError& error) {
    for (;;) {
      yaml_event_t ev;
      if (!yaml_parser_parse(&parser_, &ev)) {
        error.rule = "yaml-parse";
        error.message = parser_.problem ? parser_.problem : "malformed YAML";
        if (parser_.context) error.message = std::string(parser_.context) + ": " + error.message;
        error.line = static_cast<int>(parser_.problem_mark.line) + 1;
        error.column = static_cast<int>(parser_.problem_mark.column) + 1;
        return false;
      }
      const bool ok = on_event(ev, out, error);
      const bool end = ev.type == YAML_STREAM_END_EVENT;
      yaml_event_delete(&ev);
      if (!ok) return false;
      if (end) return true;
    }
  }

 private:
  struct Open {
    Doc node;
    std::string anchor;
    bool have_key = false;
    Doc key;
    std::unordered_set<std::string> keys;  // a big map's keys, for duplicates; small maps search entries
  };

  static std::string_view str(const yaml_char_t* s) {
    return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
  }

  // A value reached through an alias is located where the alias is used: a finding about it
  // belongs to the object (and line) that uses it, not to the anchor's.
  static void remark(Doc& d, DocMark m) {
    d.set_mark(m);
    for (DocEntry& e : d.entries()) {
      e.first.set_mark(m);
      remark(e.second, m);
    }
    for (Doc& item : d.items()) remark(item, m);
  }

  static DocMark mark_of(const yaml_event_t& ev) {
    return {static_cast<int>(ev.start_mark.line), static_cast<int>(ev.start_mark.column)};
  }

  static bool fail(DocParseError& error, std::string rule, std::string message, const yaml_event_t& ev) {
    error.too_deep = rule == "limit-depth";
    error.rule = std::move(rule);
    error.message = std::move(message);
    error.line = static_cast<int>(ev.start_mark.line) + 1;
    error.column = static_cast<int>(ev.start_mark.column) + 1;
    return false;
  }

  static std::size_t count_nodes(const Doc& d) {
    std::size_t n = 1;
    for (const auto& e : d.entries()) n += count_nodes(e.first) + count_nodes(e.second);
    for (const auto& i : d.items()) n += count_nodes(i);
    return n;
  }

  // Whether `key` is already a key of the map being read (scalar keys, compared by text as the
  // scanner does: `kind` and "kind" are the same field).
  static bool seen_before(Open& map, const Doc& key) {
    if (!key.IsScalar() && !key.IsNull()) return false;
    if (map.keys.empty() && map.node.entries().size() < 16) {
      for (const auto& e : map.node.entries())
        if ((e.first.IsScalar() || e.first.IsNull()) && e.first.Scalar() == key.Scalar()) return true;
      return false;
    }
    if (map.keys.empty())
      for (const auto& e : map.node.entries())
        if (e.first.IsScalar() || e.first.IsNull()) map.keys.insert(e.first.Scalar());
    return !map.keys.insert(key.Scalar()).second;
  }

  // A plain `<<` key (or one tagged !!merge), as go-yaml's isMerge: a quoted "<<" is an ordinary key.
  static bool is_merge_key(const Doc& key) {
    return key.IsScalar() && key.Scalar() == "<<" && (key.Tag() == "?" || key.Tag() == "tag:yaml.org,2002:merge");
  }

  // Resolves the merge keys of a finished map as kubectl and kustomize do (YAML's merge key type):
  // `<<: MAP` or `<<: [MAP, ...]` adds the entries whose key the map does not set itself; among the
  // maps of a sequence the earlier wins. The merged entries take the place of the `<<` entry. The
  // maps merged are alias copies (already counted against the alias limits) or inline maps, so
  // resolving adds no node the limits did not see. Merges are shallow, as everywhere.
  static bool resolve_merge_keys(Doc& map, DocParseError& error) {
    std::vector<DocEntry>& entries = map.entries();
    if (std::none_of(entries.begin(), entries.end(), [](const DocEntry& e) { return is_merge_key(e.first); }))
      return true;
    auto key_text = [](const Doc& k) -> const std::string* { return k.IsScalar() || k.IsNull() ? &k.Scalar() : nullptr; };
    std::unordered_set<std::string> taken;
    for (const DocEntry& e : entries)
      if (!is_merge_key(e.first))
        if (const std::string* k = key_text(e.first)) taken.insert(*k);
    std::vector<DocEntry> resolved;
    resolved.reserve(entries.size());
    for (DocEntry& e : entries) {
      if (!is_merge_key(e.first)) {
        resolved.push_back(std::move(e));
        continue;
      }
      std::vector<Doc*> sources;
      if (e.second.IsMap()) sources.push_back(&e.second);
      for (Doc& item : e.second.items()) sources.push_back(&item);
      const bool mergeable = (e.second.IsMap() || e.second.IsSequence()) &&
                             std::all_of(sources.begin(), sources.end(), [](const Doc* d) { return d->IsMap(); });
      if (!mergeable) {
        error.rule = "yaml-parse";
        error.message = "map merge requires map or sequence of maps as the value";  // go-yaml's words
        error.line = e.first.Mark().line + 1;
        error.column = e.first.Mark().column + 1;
        return false;
      }
      for (Doc* source : sources)
        for (DocEntry& m : source->entries()) {
          const std::string* k = key_text(m.first);
          if (!k || taken.insert(*k).second) resolved.push_back(std::move(m));
        }
    }
    entries = std::move(resolved);
    return true;
  }

  // Attaches a finished node to its parent (or to the document list).
  bool attach(Doc node, std::string_view anchor, std::vector<Doc>& out, const yaml_event_t& ev,
              DocParseError& error) {
    if (!anchor.empty()) anchors_[std::string(anchor)] = {node, count_nodes(node)};
    if (stack_.empty()) {
      out.push_back(std::move(node));
      return true;
    }
    Open& parent = stack_.back();
    if (parent.node.IsSequence()) {
      parent.node.items().push_back(std::move(node));
    } else if (!parent.have_key) {
      if (duplicates_ == DuplicateKeys::kError && seen_before(parent, node))
        return fail(error, "yaml-duplicate-key", limit_message::duplicate_key(node.Scalar()), ev);
      parent.key = std::move(node);
      parent.have_key = true;
    } else {
      parent.node.entries().push_back({std::move(parent.key), std::move(node)});
      parent.key = Doc();
      parent.have_key = false;
    }
    return true;
  }

  bool open(Doc node, const yaml_event_t& ev, std::string_view anchor, DocParseError& error) {
    if (static_cast<int>(stack_.size()) >= limits_.max_depth)
      return fail(error, "limit-depth", limit_message::depth(limits_), ev);
    node.set_mark(mark_of(ev));
    stack_.push_back({std::move(node), std::string(anchor), false, Doc(), {}});
    return true;
  }

  bool on_event(const yaml_event_t& ev, std::vector<Doc>& out, DocParseError& error) {
    switch (ev.type) {
      case YAML_DOCUMENT_START_EVENT:
        anchors_.clear();  // anchors do not cross documents, and the alias budget is per document
        aliases_ = alias_nodes_ = 0;
        return true;
      case YAML_SCALAR_EVENT: {
        const auto& s = ev.data.scalar;
        if (s.length > limits_.max_scalar_bytes)
          return fail(error, "limit-scalar", limit_message::scalar(s.length, limits_), ev);
        std::string value(reinterpret_cast<const char*>(s.value), s.length);
        std::string_view tag = str(s.tag);
        const bool plain = s.style == YAML_PLAIN_SCALAR_STYLE;
        Doc d;
        if (plain && tag.empty() &&
            (value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL")) {
          d = Doc::null();
          d.set_tag("?");
        } else {
          d = Doc::scalar(std::move(value), !tag.empty() ? tag : plain ? "?" : "!");
        }
        d.set_mark(mark_of(ev));
        return attach(std::move(d), str(s.anchor), out, ev, error);
      }
      case YAML_SEQUENCE_START_EVENT: {
        Doc d = Doc::sequence();
        std::string_view tag = str(ev.data.sequence_start.tag);
        d.set_tag(tag.empty() ? "?" : tag);
        return open(std::move(d), ev, str(ev.data.sequence_start.anchor), error);
      }
      case YAML_MAPPING_START_EVENT: {
        Doc d = Doc::map();
        std::string_view tag = str(ev.data.mapping_start.tag);
        d.set_tag(tag.empty() ? "?" : tag);
        return open(std::move(d), ev, str(ev.data.mapping_start.anchor), error);
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Open top = std::move(stack_.back());
        stack_.pop_back();
        // Before attaching: an anchor then stands for the resolved map, as it does for go-yaml.
        if (top.node.IsMap() && !resolve_merge_keys(top.node, error)) return false;
        return attach(std::move(top.node), top.anchor, out, ev, error);
      }
      case YAML_ALIAS_EVENT: {
        const std::string_view name = str(ev.data.alias.anchor);
        if (++aliases_ > limits_.max_aliases) return fail(error, "limit-aliases", limit_message::aliases(limits_), ev);
        for (const Open& o : stack_)
          if (o.anchor == name) return fail(error, "yaml-alias-cycle", limit_message::alias_cycle(name), ev);
        auto it = anchors_.find(name);
        if (it == anchors_.end())
          return fail(error, "yaml-alias-scope", "unknown anchor *" + std::string(name), ev);
        alias_nodes_ += it->second.nodes;
        if (alias_nodes_ > limits_.max_alias_nodes)
          return fail(error, "limit-aliases", limit_message::alias_nodes(limits_), ev);
        Doc copy = it->second.node;
        remark(copy, mark_of(ev));
        return attach(std::move(copy), {}, out, ev, error);
      }
      default:
        return true;
    }
  }

  yaml_parser_t parser_{};
  Limits limits_;
  DuplicateKeys duplicates_;
  std::vector<Open> stack_;
  struct Anchored {
    Doc node;
    std::size_t nodes = 0;  // what an alias to it stands for
  };
  std::map<std::string, Anchored, std::less<>> anchors_;
  std::size_t aliases_ = 0;
  std::size_t alias_nodes_ = 0;
};

}  // namespace

bool parse_docs(std::string_view text, std::vector<Doc>& out, DocParseError& error, const Limits& limits,
                DuplicateKeys duplicates) {
  error = {};
  if (text.size() > limits.max_input_bytes) {
    error.rule = "limit-input-size";
    error.message = limit_message::input_size(text.size(), limits);
    return false;
  }
  Builder b(text, limits, duplicates);
  return b.run(out, error);
}

bool parse_doc(std::string_view text, Doc& out, DocParseError& error, const Limits& limits,
               DuplicateKeys duplicates) {
  std::vector<Doc> docs;
  if (!parse_docs(text, docs, error, limits, duplicates)) return false;
  out = docs.empty() ? Doc::null() : std::move(docs.front());
  return true;
}

}  // namespace vg
