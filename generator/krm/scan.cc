#include "krm/scan.h"

#include "krm/io.h"

#include <yaml.h>

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <unordered_set>

namespace vg {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// libyaml marks count characters, not bytes; convert with a cursor that only moves forward,
// which matches the order events arrive in. Pure-ASCII input (the common case) maps 1:1.
class EventSource {
 public:
  explicit EventSource(std::string_view in) : in_(in) {
    ascii_ = std::all_of(in.begin(), in.end(), [](char c) { return (c & 0x80) == 0; });
    yaml_parser_initialize(&parser_);
    yaml_parser_set_encoding(&parser_, YAML_UTF8_ENCODING);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(in.data()),
                                 in.size());
  }
  ~EventSource() {
    if (have_) yaml_event_delete(&ev_);
    yaml_parser_delete(&parser_);
  }
  EventSource(const EventSource&) = delete;
  EventSource& operator=(const EventSource&) = delete;

  bool next() {
    if (have_) yaml_event_delete(&ev_);
    have_ = yaml_parser_parse(&parser_, &ev_) != 0;
    return have_;
  }
  const yaml_event_t& ev() const { return ev_; }
  yaml_event_type_t type() const { return ev_.type; }

  std::size_t byte(const yaml_mark_t& m) {
    if (ascii_) return std::min(m.index, in_.size());
    if (m.index < char_pos_) char_pos_ = byte_pos_ = 0;
    while (char_pos_ < m.index && byte_pos_ < in_.size()) {
      auto c = static_cast<unsigned char>(in_[byte_pos_]);
      byte_pos_ += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      ++char_pos_;
    }
    return std::min(byte_pos_, in_.size());
  }

  Finding parse_error() const {
    Finding f{.rule = "yaml-parse"};
    std::string what = parser_.problem ? parser_.problem : "malformed YAML";
    if (parser_.context) what = std::string(parser_.context) + ": " + what;
    f.message = "malformed YAML: " + what;
    f.line = static_cast<int>(parser_.problem_mark.line) + 1;
    return f;
  }

 private:
  std::string_view in_;
  yaml_parser_t parser_{};
  yaml_event_t ev_{};
  bool have_ = false;
  bool ascii_ = true;
  std::size_t char_pos_ = 0, byte_pos_ = 0;
};

std::string_view scalar_of(const yaml_event_t& e) {
  return {reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length};
}

bool is_null_scalar(const yaml_event_t& e) {
  if (e.type != YAML_SCALAR_EVENT || e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
  auto v = scalar_of(e);
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

const char* node_kind_name(yaml_event_type_t t) {
  switch (t) {
    case YAML_SCALAR_EVENT: return "a scalar";
    case YAML_SEQUENCE_START_EVENT: return "a list";
    case YAML_MAPPING_START_EVENT: return "an object";
    case YAML_ALIAS_EVENT: return "an alias";
    default: return "nothing";
  }
}

// Where a mapping sits inside an item decides which of its scalars we remember. kItems is the
// `items` sequence of an object that may be a List: its maps are objects of their own.
enum class Ctx { kOther, kItemRoot, kMetadata, kAnnotations, kLabels, kItems };

struct Frame {
  bool is_map = false;
  bool flow = false;
  bool expect_key = true;
  Ctx ctx = Ctx::kOther;
  std::string key;                 // current key (maps), when scalar
  std::vector<std::string> keys;   // seen keys (the first `nkeys`), for duplicate detection
  std::size_t nkeys = 0;
  std::unordered_set<std::string> many;
  std::string anchor;              // anchor of this collection, open while inside it
  std::size_t nodes = 0;           // nodes inside, aliases counted as what they stand for
  int span_id = 0;                 // the object it belongs to: 0 the walked item, k an item of a List in it

  // Back to a fresh frame, keeping the buffers of the strings and lists for the next collection.
  void reset(bool map) {
    is_map = map;
    flow = false;
    expect_key = true;
    ctx = Ctx::kOther;
    key.clear();
    nkeys = 0;
    if (!many.empty()) many.clear();
    anchor.clear();
    nodes = 0;
    span_id = 0;
  }
};

// The walk's stack, reused from item to item: 10 000 similar items then allocate for the first few
// only. A deque, so that pushing never moves the frames below (the walk holds a pointer to the parent).
class FrameStack {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  Frame& back() { return frames_[size_ - 1]; }
  const Frame& operator[](std::size_t i) const { return frames_[i]; }
  Frame& push(bool map) {
    if (size_ == frames_.size()) frames_.emplace_back();
    Frame& f = frames_[size_++];
    f.reset(map);
    return f;
  }
  void pop_back() { --size_; }
  void clear() { size_ = 0; }

 private:
  std::deque<Frame> frames_;
  std::size_t size_ = 0;
};

class Scanner {
 public:
  Scanner(std::string_view in, const Limits& l, Findings& f)
      : in_(in), limits_(l), findings_(f), src_(in) {}

  EventSource& src() { return src_; }

  // Walks the item whose first event is current and appends it, within the item limit.
  bool add_item(ScanResult& out) {
    prefer_huge_pages_for_heap();
    if (out.items.size() >= limits_.max_items)
      return fail("limit-items", "more than " + std::to_string(limits_.max_items) + " items",
                  line_of(src_.ev().start_mark));
    ItemSpan span;
    if (!walk(&span, true)) return false;
    out.items.push_back(std::move(span));
    return true;
  }

  bool next() {
    if (!src_.next()) {
      findings_.push_back(src_.parse_error());
      return false;
    }
    return true;
  }

  bool fail(std::string rule, std::string message, int line, const ItemSpan* span = nullptr) {
    Finding f{.rule = std::move(rule), .message = std::move(message), .line = line};
    if (span) {
      f.resource = span->ref();
      f.file = span->path;
      if (!span->path.empty()) f.line = 0;
    }
    findings_.push_back(std::move(f));
    return false;
  }

  int line_of(const yaml_mark_t& m) const { return static_cast<int>(m.line) + 1; }

  // Consumes exactly one node whose first event is current; leaves its last event current.
  // With `span`, records the node's extent and identity; the limits apply either way.
  bool walk(ItemSpan* span, bool is_item) {
    FrameStack& stack = stack_;
    stack.clear();
    std::unordered_map<std::string, std::size_t> anchors;  // anchor -> nodes it stands for
    std::size_t aliases = 0;
    std::size_t expansion = 0;  // nodes added by aliases
    std::size_t last_end = 0;
    const yaml_event_t& first = src_.ev();
    inner_.clear();
    problems_.clear();
    if (!anchor_spans_.empty()) anchor_spans_.clear();
    if (span) {
      span->begin = src_.byte(first.start_mark);
      span->line = line_of(first.start_mark);
      span->column = static_cast<int>(first.start_mark.column);
      span->flow = first.type == YAML_MAPPING_START_EVENT &&
                   first.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    }
    for (bool started = false;; started = true) {
      if (started && !next()) return false;
      const yaml_event_t& e = src_.ev();
      const int line = line_of(e.start_mark);
      Frame* parent = stack.empty() ? nullptr : &stack.back();
      const bool is_key = parent && parent->is_map && parent->expect_key;
      switch (e.type) {
        case YAML_SCALAR_EVENT: {
          if (e.data.scalar.length > limits_.max_scalar_bytes)
            return fail("limit-scalar", limit_message::scalar(e.data.scalar.length, limits_), line, span);
          if (e.data.scalar.anchor) {
            anchors[reinterpret_cast<const char*>(e.data.scalar.anchor)] = 1;
            if (span) note_anchor(reinterpret_cast<const char*>(e.data.scalar.anchor), parent);
          }
          if (parent) parent->nodes += 1;
          last_end = std::max(last_end, src_.byte(e.end_mark));
          auto v = scalar_of(e);
          if (is_key) {
            if (!note_key(*parent, v, line, span)) return false;
            if (span && v == "<<" && e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && parent->ctx != Ctx::kOther)
              span_at(*span, parent->span_id).merged_identity = true;
          } else if (span && parent) {
            // `name: null` is no name, as for the API server, not the name "null".
            if (parent->is_map)
              remember(*parent, is_null_scalar(e) ? std::string_view() : v, span_at(*span, parent->span_id));
            note_list_value(*parent, is_null_scalar(e) ? Value::kNull : Value::kScalar, line, *span);
          }
          break;
        }
        case YAML_ALIAS_EVENT: {
          std::string name = reinterpret_cast<const char*>(e.data.alias.anchor);
          span_alias(span);
          if (span && parent && !is_key) note_list_value(*parent, Value::kAlias, line, *span);
          if (span) note_alias(name, parent, line);
          if (++aliases > limits_.max_aliases)
            return fail("limit-aliases", limit_message::aliases(limits_), line, span);
          for (std::size_t k = 0; k < stack.size(); ++k)
            if (stack[k].anchor == name)
              return fail("yaml-alias-cycle", limit_message::alias_cycle(name), line, span);
          auto anchor = anchors.find(name);
          if (anchor == anchors.end())
            return fail("yaml-alias-scope", "alias *" + name +
                        " refers to an anchor outside this object; each object must stand alone",
                        line, span);
          expansion += anchor->second;
          if (expansion > limits_.max_alias_nodes)
            return fail("limit-aliases", limit_message::alias_nodes(limits_), line, span);
          if (parent) parent->nodes += anchor->second;
          last_end = std::max(last_end, src_.byte(e.end_mark));
          if (is_key) parent->key.clear();
          break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
          if (static_cast<int>(stack.size()) >= limits_.max_depth)
            return fail("limit-depth", limit_message::depth(limits_), line, span);
          const bool is_map = e.type == YAML_MAPPING_START_EVENT;
          int id = parent ? parent->span_id : 0;
          const Ctx ctx = is_item && stack.empty() ? Ctx::kItemRoot : context_of(parent, is_key, e, line, span, id);
          if (is_key) parent->key.clear();  // complex keys: nothing to remember
          Frame& fr = stack.push(is_map);
          fr.ctx = ctx;
          fr.span_id = id;
          const char* anchor = is_map ? reinterpret_cast<const char*>(e.data.mapping_start.anchor)
                                      : reinterpret_cast<const char*>(e.data.sequence_start.anchor);
          if (anchor) {
            fr.anchor = anchor;
            anchors[fr.anchor] = 1;  // its size is known at its end; aliases inside it are cycles
            if (span) note_anchor(fr.anchor, &fr);
          }
          fr.flow = is_map ? e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                           : e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
          if (ctx == Ctx::kItems) span_at(*span, id).flow_items = fr.flow;
          continue;  // a collection start is not a completed value
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
          if (stack.back().flow) last_end = std::max(last_end, src_.byte(e.end_mark));
          const std::size_t nodes = stack.back().nodes + 1;
          if (!stack.back().anchor.empty()) anchors[stack.back().anchor] = nodes;
          if (span && stack.back().ctx == Ctx::kItemRoot && stack.back().span_id > 0) {
            ItemSpan& inner = span_at(*span, stack.back().span_id);
            inner.end = extend_to_line_end(std::max(last_end, inner.begin));
          }
          stack.pop_back();
          if (!stack.empty()) stack.back().nodes += nodes;
          break;
        }
        default:
          return fail("yaml-parse", "unexpected YAML event inside an object", line, span);
      }
      // A node just completed: flip the parent between key and value.
      if (stack.empty()) break;
      Frame& top = stack.back();
      if (top.is_map) top.expect_key = !top.expect_key;
    }
    if (span) span->end = extend_to_line_end(std::max(last_end, span->begin));
    if (span && (span->is_list || !inner_.empty())) return finish_lists(*span);
    return true;
  }

 private:
  bool note_key(Frame& fr, std::string_view k, int line, const ItemSpan* span) {
    fr.key.assign(k);
    bool dup = false;
    const auto seen = fr.keys.begin() + static_cast<std::ptrdiff_t>(fr.nkeys);
    if (fr.many.empty() && fr.nkeys < 16) {
      dup = std::find(fr.keys.begin(), seen, k) != seen;
      if (fr.nkeys < fr.keys.size()) fr.keys[fr.nkeys].assign(k);
      else fr.keys.emplace_back(k);
      ++fr.nkeys;
    } else {
      if (fr.many.empty()) fr.many.insert(fr.keys.begin(), seen);
      dup = !fr.many.emplace(k).second;
    }
    if (dup)
      return fail("yaml-duplicate-key", limit_message::duplicate_key(k), line, span);
    return true;
  }

  static void remember(const Frame& fr, std::string_view v, ItemSpan& span) {
    switch (fr.ctx) {
      case Ctx::kItemRoot:
        if (fr.key == "apiVersion") span.api_version = v;
        else if (fr.key == "kind") span.kind = v;
        break;
      case Ctx::kMetadata:
        if (fr.key == "name") span.name = v;
        else if (fr.key == "namespace") span.namespace_ = v;
        break;
      case Ctx::kAnnotations:
        if (fr.key == "internal.config.kubernetes.io/path" ||
            (fr.key == "config.kubernetes.io/path" && span.path.empty()))
          span.path = v;
        else if (fr.key == "volsync-gen.io/source-pvc") {  // kSourcePvcAnnotation (object.h)
          span.generated = !v.empty();
          span.source_pvc = v;
        } else if (fr.key == "internal.config.kubernetes.io/index" ||
                   (fr.key == "config.kubernetes.io/index" && span.path_index < 0)) {
          span.path_index = parse_index(v);
        }
        break;
      case Ctx::kLabels:
        if (fr.key == "app.kubernetes.io/managed-by")  // kManagedByLabel (object.h)
          span.managed_label = v == "volsync-gen";
        break;
      case Ctx::kOther:
      case Ctx::kItems: break;
    }
  }

  // kpt writes indexes as decimal strings; anything else counts as 0, the index kpt assumes.
  static int parse_index(std::string_view v) {
    int n = 0;
    for (char c : v) {
      if (c < '0' || c > '9' || n > 100000000) return 0;
      n = n * 10 + (c - '0');
    }
    return n;
  }

  static void span_alias(ItemSpan* span) {
    if (span) span->has_alias = true;
  }

  // The context of a collection starting under `parent`; `id` becomes the object it belongs to when
  // it starts an object of a List.
  Ctx context_of(Frame* parent, bool is_key, const yaml_event_t& e, int line, ItemSpan* span, int& id) {
    if (!parent || is_key) return Ctx::kOther;
    const bool is_map = e.type == YAML_MAPPING_START_EVENT;
    if (span && parent->ctx == Ctx::kItems && is_map) {
      id = add_inner(parent->span_id, e);  // an object of a List
      return Ctx::kItemRoot;
    }
    if (span) {
      const Ctx ctx = note_list_value(*parent, is_map ? Value::kMap : Value::kSequence, line, *span);
      if (ctx != Ctx::kOther) return ctx;
    }
    if (!parent->is_map) return Ctx::kOther;
    if (parent->ctx == Ctx::kItemRoot && parent->key == "metadata") return Ctx::kMetadata;
    if (parent->ctx == Ctx::kMetadata && parent->key == "annotations") return Ctx::kAnnotations;
    if (parent->ctx == Ctx::kMetadata && parent->key == "labels") return Ctx::kLabels;
    return Ctx::kOther;
  }

  // ---- Lists: the items of any object with `items` are candidates until its kind is known ----

  struct Inner {
    ItemSpan span;
    int parent = 0;  // 0: the walked item, k: inner_[k - 1]
  };
  // What keeps a List from being read item by item, reported if it turns out to be a List.
  struct Problem {
    int list = 0;    // the List, or for an alias the item it is in
    int other = -1;  // for an alias: the object its anchor is in
    int line = 0;
    std::string rule, message;
  };

  ItemSpan& span_at(ItemSpan& root, int id) { return id == 0 ? root : inner_[static_cast<std::size_t>(id - 1)].span; }

  int add_inner(int parent, const yaml_event_t& e) {
    Inner& in = inner_.emplace_back();
    in.parent = parent;
    in.span.begin = src_.byte(e.start_mark);
    in.span.line = line_of(e.start_mark);
    in.span.column = static_cast<int>(e.start_mark.column);
    in.span.flow = e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    return static_cast<int>(inner_.size());
  }

  enum class Value { kMap, kSequence, kScalar, kNull, kAlias };
  static const char* value_name(Value v) {
    switch (v) {
      case Value::kMap: return "an object";
      case Value::kSequence: return "a list";
      case Value::kScalar: return "a scalar";
      case Value::kNull: return "null";
      case Value::kAlias: return "an alias";
    }
    return "";
  }

  // A value (not a map of an `items` list: those are objects) starting under `parent`: an item of
  // `items`, which must be an object as kubectl and kustomize require, or the value of an object's
  // `items` key, a list (or null, no items). Returns the context of the value's frame.
  Ctx note_list_value(const Frame& parent, Value v, int line, ItemSpan& root) {
    if (parent.ctx == Ctx::kItems) {
      problems_.push_back({parent.span_id, -1, line, "list-item",
                           std::string("an item of the List is ") + value_name(v) + ", not an object"});
      return Ctx::kOther;
    }
    if (!parent.is_map || parent.ctx != Ctx::kItemRoot || parent.key != "items") return Ctx::kOther;
    span_at(root, parent.span_id).is_list = true;  // kept at the end if the kind is a List kind
    if (v == Value::kSequence) return Ctx::kItems;
    if (v != Value::kNull)
      problems_.push_back({parent.span_id, -1, line, "list-item",
                           std::string("the items of the List are ") + value_name(v) + ", not a list"});
    return Ctx::kOther;
  }

  void note_anchor(const std::string& name, const Frame* owner) {
    anchor_spans_[name] = owner ? owner->span_id : 0;
  }

  // An alias to an anchor of another object of a List: each object is read (and may be rewritten) alone.
  void note_alias(const std::string& name, const Frame* parent, int line) {
    const int here = parent ? parent->span_id : 0;
    auto it = anchor_spans_.find(name);
    if (it == anchor_spans_.end() || it->second == here) return;
    problems_.push_back({here, it->second, line, "yaml-alias-scope",
                         "alias *" + name + " refers to an anchor in another object of this List; each object "
                         "of a List must stand alone"});
  }

  // The kinds are known: Lists keep their items (nested ones too), other objects drop the candidates.
  bool finish_lists(ItemSpan& root) {
    const std::size_t n = inner_.size();
    std::vector<char> kept(n + 1, 0);  // read as an object of its own
    kept[0] = 1;
    for (std::size_t id = 0; id <= n; ++id) {
      ItemSpan& s = span_at(root, static_cast<int>(id));
      if (id > 0) {
        const int parent = inner_[id - 1].parent;
        kept[id] = kept[static_cast<std::size_t>(parent)] && span_at(root, parent).is_list;
      }
      s.is_list = s.is_list && kept[id] && list_kind(s.kind);
    }
    for (const Problem& p : problems_) {
      const bool applies = p.other < 0 ? span_at(root, p.list).is_list
                                       : (p.list > 0 && kept[static_cast<std::size_t>(p.list)]) ||
                                             (p.other > 0 && kept[static_cast<std::size_t>(p.other)]);
      if (applies) return fail(p.rule, p.message, p.line, &root);
    }
    for (std::size_t i = n; i-- > 0;) {  // children before parents: each moves into its parent whole
      if (!kept[i + 1]) continue;
      std::reverse(inner_[i].span.items.begin(), inner_[i].span.items.end());
      span_at(root, inner_[i].parent).items.push_back(std::move(inner_[i].span));
    }
    std::reverse(root.items.begin(), root.items.end());
    inherit_path(root);
    return true;
  }

  static void inherit_path(ItemSpan& list) {
    for (ItemSpan& item : list.items) {
      if (item.path.empty()) item.path = list.path;
      inherit_path(item);
    }
  }

  // Keep a trailing comment on the item's last line; never swallow the next line.
  std::size_t extend_to_line_end(std::size_t end) const {
    if (end == 0 || end > in_.size() || in_[end - 1] == '\n') return end;
    std::size_t i = end;
    while (i < in_.size() && (in_[i] == ' ' || in_[i] == '\t')) ++i;
    if (i < in_.size() && in_[i] == '#')
      while (i < in_.size() && in_[i] != '\n' && in_[i] != '\r') ++i;
    if (i == in_.size() || in_[i] == '\n' || in_[i] == '\r') return i;
    return end;
  }

  std::string_view in_;
  const Limits& limits_;
  Findings& findings_;
  EventSource src_;
  FrameStack stack_;
  std::vector<Inner> inner_;
  std::vector<Problem> problems_;
  std::unordered_map<std::string, int> anchor_spans_;  // anchor -> the object it is in
};

bool check_size(std::string_view input, const Limits& limits, Findings& findings) {
  if (input.size() > limits.max_input_bytes) {
    Finding f{.rule = "limit-input-size", .message = limit_message::input_size(input.size(), limits)};
    findings.push_back(f);
    return false;
  }
  return true;
}

bool only_blank(std::string_view s) {
  // Comments-only input is as empty as no input: there is nothing to transform.
  bool in_comment = false;
  for (char c : s) {
    if (c == '\n') in_comment = false;
    else if (in_comment) continue;
    else if (c == '#') in_comment = true;
    else if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

void shift(ScanResult& r, std::size_t by) {
  for (auto& it : r.items) it.begin += by, it.end += by;
  if (r.function_config) r.function_config->begin += by, r.function_config->end += by;
}

}  // namespace

namespace {

// Room for the items a text of `bytes` likely holds (kpt's items average ~1 kB; fewer bytes each
// only means one more growth): growing from empty moved every span at each doubling and touched
// twice the memory, page by page, which costs more than the moves on a VM (bench/RESULTS.md).
void reserve_items(ScanResult& out, std::size_t bytes, const Limits& limits) {
  out.items.reserve(std::min<std::size_t>(limits.max_items, bytes / 512 + 8));
  prefer_huge_pages(reinterpret_cast<const char*>(out.items.data()), out.items.capacity() * sizeof(ItemSpan));
}

}  // namespace

bool scan_resource_list(std::string_view input, const Limits& limits, ScanResult& out,
                        Findings& findings) {
  out = ScanResult{};
  out.shape = InputShape::kResourceList;
  if (!check_size(input, limits, findings)) return false;
  std::size_t base = input.substr(0, 3) == kBom ? 3 : 0;
  std::string_view body = input.substr(base);
  auto fail = [&](std::string msg, int line = 0) {
    Finding f{.rule = "not-a-resource-list", .message = std::move(msg), .line = line};
    findings.push_back(f);
    return false;
  };
  if (only_blank(body))
    return fail("empty input: expected a KRM ResourceList (kind: ResourceList) on stdin");

  reserve_items(out, body.size(), limits);
  Scanner sc(body, limits, findings);
  auto& src = sc.src();
  if (!sc.next() || !sc.next()) return false;  // stream start, document start
  if (!sc.next()) return false;                // root node
  if (src.type() != YAML_MAPPING_START_EVENT)
    return fail(std::string("input is not a ResourceList: the document is ") +
                node_kind_name(src.type()) + ", not an object",
                sc.line_of(src.ev().start_mark));
  std::string kind;
  bool saw_items = false, saw_config = false;
  for (;;) {
    if (!sc.next()) return false;
    if (src.type() == YAML_MAPPING_END_EVENT) break;
    if (src.type() != YAML_SCALAR_EVENT) {
      if (!sc.walk(nullptr, false) || !sc.next() || !sc.walk(nullptr, false)) return false;
      continue;
    }
    std::string key(scalar_of(src.ev()));
    const int key_line = sc.line_of(src.ev().start_mark);
    if (!sc.next()) return false;
    const yaml_event_t& v = src.ev();
    if (key == "items") {
      saw_items = true;
      if (is_null_scalar(v)) continue;
      if (v.type != YAML_SEQUENCE_START_EVENT)
        return fail(std::string("ResourceList items must be a list, not ") + node_kind_name(v.type),
                    key_line);
      for (std::size_t i = 0;; ++i) {
        if (!sc.next()) return false;
        if (src.type() == YAML_SEQUENCE_END_EVENT) break;
        if (src.type() != YAML_MAPPING_START_EVENT)
          return fail("items[" + std::to_string(i) + "] is " + node_kind_name(src.type()) +
                      ", not an object", sc.line_of(src.ev().start_mark));
        if (!sc.add_item(out)) return false;
      }
    } else if (key == "functionConfig") {
      saw_config = true;
      if (is_null_scalar(v)) continue;
      if (v.type != YAML_MAPPING_START_EVENT)
        return fail("functionConfig must be an object", key_line);
      ItemSpan span;
      if (!sc.walk(&span, true)) return false;
      out.function_config = std::move(span);
    } else if ((key == "kind" || key == "apiVersion") && v.type == YAML_SCALAR_EVENT) {
      (key == "kind" ? kind : out.list_api_version) = scalar_of(v);
    } else {
      if (!sc.walk(nullptr, false)) return false;  // results and unknown keys are not ours
    }
  }
  if (!sc.next()) return false;  // document end
  if (!sc.next()) return false;
  if (src.type() != YAML_STREAM_END_EVENT)
    return fail("input has more than one YAML document; a ResourceList is a single document",
                sc.line_of(src.ev().start_mark));
  if (kind != "ResourceList" && !(kind == "List" && (saw_items || saw_config)))
    return fail(kind.empty() ? "input is not a ResourceList: it has no kind"
                             : "input is not a ResourceList: its kind is " + kind);
  if (!saw_items) return fail("ResourceList has no items field");
  if (out.list_api_version.empty()) out.list_api_version = "config.kubernetes.io/v1";
  shift(out, base);
  return true;
}

bool scan_stream(std::string_view input, const Limits& limits, ScanResult& out,
                 Findings& findings) {
  out = ScanResult{};
  out.shape = InputShape::kStream;
  if (!check_size(input, limits, findings)) return false;
  std::size_t base = input.substr(0, 3) == kBom ? 3 : 0;
  std::string_view body = input.substr(base);
  reserve_items(out, body.size(), limits);
  Scanner sc(body, limits, findings);
  auto& src = sc.src();
  if (!sc.next()) return false;  // stream start
  for (int doc = 0;; ++doc) {
    if (!sc.next()) return false;
    if (src.type() == YAML_STREAM_END_EVENT) break;
    if (!sc.next()) return false;  // root node
    if (is_null_scalar(src.ev())) {
      // An empty document (`---` alone, or only comments) carries no object.
    } else if (src.type() != YAML_MAPPING_START_EVENT) {
      Finding f{.rule = "not-an-object",
                .message = "document " + std::to_string(doc + 1) + " is " + node_kind_name(src.type()) +
                           ", not a Kubernetes object",
                .line = sc.line_of(src.ev().start_mark)};
      findings.push_back(f);
      return false;
    } else {
      if (!sc.add_item(out)) return false;
    }
    if (!sc.next()) return false;  // document end
  }
  shift(out, base);
  return true;
}

// A top-level `kind: ResourceList` or `kind: List` line: worth trying the list scan first.
static bool looks_like_list(std::string_view input) {
  for (std::string_view k : {"kind: ResourceList", "kind: List"})
    for (std::size_t pos = input.find(k); pos != std::string_view::npos; pos = input.find(k, pos + 1))
      if (pos == 0 || input[pos - 1] == '\n') return true;
  return false;
}

bool scan_any(std::string_view input, const Limits& limits, ScanResult& out, Findings& findings) {
  // A list read as a stream first and then as a list would be scanned twice (lint of a 70 MB
  // ResourceList spent half its time there). Its findings are dropped when it is not a list after all.
  if (looks_like_list(input)) {
    Findings list_findings;
    if (scan_resource_list(input, limits, out, list_findings)) {
      findings.insert(findings.end(), list_findings.begin(), list_findings.end());
      return true;
    }
  }
  if (!scan_stream(input, limits, out, findings)) return false;
  if (out.items.size() == 1 && (out.items[0].kind == "ResourceList" || out.items[0].kind == "List"))
    return scan_resource_list(input, limits, out, findings);
  return true;
}

bool list_kind(std::string_view kind) {
  // kustomize's rule (any kind ending in List); kubectl reads every object with `items` as a list.
  return kind.size() >= 4 && kind.substr(kind.size() - 4) == "List";
}

namespace {
void append_objects(ItemSpan&& span, std::vector<ItemSpan>& out) {
  if (!span.is_list) {
    out.push_back(std::move(span));
    return;
  }
  for (ItemSpan& item : span.items) append_objects(std::move(item), out);
}
}  // namespace

void unpack_lists(std::vector<ItemSpan>& items) {
  if (std::none_of(items.begin(), items.end(), [](const ItemSpan& s) { return s.is_list; })) return;
  std::vector<ItemSpan> out;
  out.reserve(items.size());
  for (ItemSpan& s : items) append_objects(std::move(s), out);
  items = std::move(out);
}

std::string item_text(std::string_view input, const ItemSpan& span) {
  std::string_view region = input.substr(span.begin, span.end - span.begin);
  // Flow items are shifted too: whitespace between flow tokens and at the start of folded
  // scalar lines carries no meaning, and shifting keeps re-runs byte-stable.
  if (span.column == 0) return std::string(region);
  std::string out;
  out.reserve(region.size());
  std::size_t pos = 0;
  bool first = true;
  while (pos <= region.size()) {
    std::size_t nl = region.find('\n', pos);
    std::string_view line = region.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!first) {
      std::size_t strip = 0;
      while (strip < line.size() && strip < static_cast<std::size_t>(span.column) && line[strip] == ' ')
        ++strip;
      line.remove_prefix(strip);
    }
    out.append(line);
    if (nl == std::string_view::npos) break;
    out.push_back('\n');
    pos = nl + 1;
    first = false;
  }
  return out;
}

}  // namespace vg
