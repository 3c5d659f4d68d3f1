#include "schema/schema.h"
#include "schema/pattern.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "yaml/doc_pack.h"
#include "krm/embedded.h"
#include "krm/json_quote.h"

namespace vg {
namespace {

// A Doc is a finite tree, but a large one (aliases are copied in), and anyOf/oneOf/not walk a value
// once per branch, nested branches multiplying that: every walk below is bounded by depth and by a
// node budget.
constexpr int kMaxDepth = 256;
constexpr size_t kMaxVisits = 1'000'000;
constexpr size_t kMaxSchemaNodes = 200'000;
constexpr size_t kMaxValueChars = 60;  // longest value echoed in a message, to keep it one line
constexpr uintmax_t kMaxFileBytes = 64u << 20;

// ---------------------------------------------------------------------------------------------------
// Values, typed the YAML 1.2 core-schema way (what a JSON/YAML 1.2 reader and the API server see).

enum class VType { kNull, kBool, kInt, kNumber, kString, kObject, kArray };

const char* vtype_name(VType t) {
  switch (t) {
    case VType::kNull: return "null";
    case VType::kBool: return "boolean";
    case VType::kInt: return "integer";
    case VType::kNumber: return "number";
    case VType::kString: return "string";
    case VType::kObject: return "object";
    case VType::kArray: return "array";
  }
  return "unknown";
}

struct Num {
  bool is_int = false;  // integral and fits int64: compared exactly
  int64_t i = 0;
  double d = 0;
};

struct Value {
  VType type = VType::kNull;
  bool b = false;
  bool int_fits = true;  // kInt beyond int64 keeps only `num.d`
  Num num;
};

bool all_of(std::string_view s, size_t from, bool (*pred)(char)) {
  if (from >= s.size()) return false;
  for (size_t k = from; k < s.size(); ++k)
    if (!pred(s[k])) return false;
  return true;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_odigit(char c) { return c >= '0' && c <= '7'; }
bool is_xdigit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool core_float(std::string_view s) {
  size_t k = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  std::string_view r = s.substr(k);
  if (r == ".inf" || r == ".Inf" || r == ".INF") return true;
  if (k == 0 && (r == ".nan" || r == ".NaN" || r == ".NAN")) return true;
  size_t digits = 0;
  while (k < s.size() && is_digit(s[k])) ++k, ++digits;
  if (k < s.size() && s[k] == '.') {
    ++k;
    while (k < s.size() && is_digit(s[k])) ++k, ++digits;
  }
  if (digits == 0) return false;
  if (k < s.size() && (s[k] == 'e' || s[k] == 'E')) {
    ++k;
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
    if (!all_of(s.substr(0, s.size()), k, is_digit)) return false;
    return true;
  }
  return k == s.size();
}

double parse_double(std::string_view s) {
  std::string t(s);
  std::string_view r = s;
  bool neg = !r.empty() && r[0] == '-';
  if (!r.empty() && (r[0] == '+' || r[0] == '-')) r.remove_prefix(1);
  if (r == ".inf" || r == ".Inf" || r == ".INF")
    return neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  if (r == ".nan" || r == ".NaN" || r == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  return std::strtod(t.c_str(), nullptr);
}

// Plain scalars only; `s` is the scalar text.
Value resolve_plain(const std::string& s) {
  Value v;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return v;
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") {
    v.type = VType::kBool;
    v.b = s[0] == 't' || s[0] == 'T';
    return v;
  }
  int base = 0;
  size_t from = 0;
  if (s.size() > 2 && s[0] == '0' && s[1] == 'o' && all_of(s, 2, is_odigit)) {
    base = 8, from = 2;
  } else if (s.size() > 2 && s[0] == '0' && s[1] == 'x' && all_of(s, 2, is_xdigit)) {
    base = 16, from = 2;
  } else if (all_of(s, (s[0] == '+' || s[0] == '-') ? 1 : 0, is_digit)) {
    base = 10;
  }
  if (base != 0) {
    v.type = VType::kInt;
    errno = 0;
    char* end = nullptr;
    long long x = std::strtoll(s.c_str() + from, &end, base);
    if (errno == ERANGE) {
      v.int_fits = false;
      v.num.d = base == 10 ? std::strtod(s.c_str(), nullptr) : std::numeric_limits<double>::infinity();
    } else {
      v.num = {true, x, static_cast<double>(x)};
    }
    return v;
  }
  if (core_float(s)) {
    v.type = VType::kNumber;
    v.num.d = parse_double(s);
    return v;
  }
  v.type = VType::kString;
  return v;
}

Value classify(const Doc& n) {
  Value v;
  switch (n.Type()) {
    case DocType::kMap: v.type = VType::kObject; return v;
    case DocType::kSequence: v.type = VType::kArray; return v;
    case DocType::kScalar: break;
    default: return v;  // Null, Undefined
  }
  const std::string& tag = n.Tag();
  if (tag == "!" || tag == "tag:yaml.org,2002:str") {  // quoted and block scalars are always strings
    v.type = VType::kString;
    return v;
  }
  return resolve_plain(n.Scalar());
}

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string format_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d < 0 ? "-Inf" : "+Inf";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  // Prefer the shortest form that reads back the same, so 0.1 does not print as 0.10000000000000001.
  for (int prec = 1; prec <= 17; ++prec) {
    char shorter[40];
    std::snprintf(shorter, sizeof shorter, "%.*g", prec, d);
    if (std::strtod(shorter, nullptr) == d) return shorter;
  }
  return buf;
}

std::string canonical_number(const Value& v) {
  if (v.type == VType::kInt && v.int_fits) return std::to_string(v.num.i);
  double d = v.num.d;
  // JSON Schema compares numbers by value: 1 and 1.0 are the same enum member or duplicate item.
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18)
    return std::to_string(static_cast<int64_t>(d));
  return format_double(d);
}

// A canonical JSON text of a value (object keys sorted), for enum membership and uniqueness checks.
// Returns false when the value is nested too deeply or too large.
bool canonical(const Doc& n, int depth, size_t& budget, std::string& out) {
  if (depth > kMaxDepth || budget == 0) return false;
  --budget;
  Value v = classify(n);
  switch (v.type) {
    case VType::kNull: out += "null"; return true;
    case VType::kBool: out += v.b ? "true" : "false"; return true;
    case VType::kInt:
    case VType::kNumber: out += canonical_number(v); return true;
    case VType::kString: append_json_quoted(out, n.Scalar()); return true;
    case VType::kArray: {
      out += '[';
      bool first = true;
      for (const auto& item : n.items()) {
        if (!first) out += ',';
        first = false;
        if (!canonical(item, depth + 1, budget, out)) return false;
      }
      out += ']';
      return true;
    }
    case VType::kObject: {
      std::vector<std::pair<std::string, std::string>> members;
      for (const auto& kv : n.entries()) {
        std::string val;
        if (!canonical(kv.second, depth + 1, budget, val)) return false;
        members.emplace_back(kv.first.IsScalar() ? kv.first.Scalar() : std::string(), std::move(val));
      }
      std::sort(members.begin(), members.end());
      out += '{';
      for (size_t k = 0; k < members.size(); ++k) {
        if (k) out += ',';
        append_json_quoted(out, members[k].first);
        out += ':';
        out += members[k].second;
      }
      out += '}';
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// RFC 3339 date-time, as Kubernetes' `date-time` format requires.

bool digits_at(std::string_view s, size_t at, size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (size_t k = at; k < at + n; ++k) {
    if (!is_digit(s[k])) return false;
    out = out * 10 + (s[k] - '0');
  }
  return true;
}

bool is_rfc3339(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!digits_at(s, 0, 4, year) || s.size() < 20 || s[4] != '-' || !digits_at(s, 5, 2, month) || s[7] != '-' ||
      !digits_at(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't') || !digits_at(s, 11, 2, hour) ||
      s[13] != ':' || !digits_at(s, 14, 2, minute) || s[16] != ':' || !digits_at(s, 17, 2, second))
    return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max_day = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  if (day < 1 || day > max_day || hour > 23 || minute > 59 || second > 60) return false;
  size_t k = 19;
  if (k < s.size() && s[k] == '.') {
    size_t start = ++k;
    while (k < s.size() && is_digit(s[k])) ++k;
    if (k == start) return false;
  }
  if (k < s.size() && (s[k] == 'Z' || s[k] == 'z')) return k + 1 == s.size();
  int oh, om;
  return k + 6 == s.size() && (s[k] == '+' || s[k] == '-') && digits_at(s, k + 1, 2, oh) && s[k + 3] == ':' &&
         digits_at(s, k + 4, 2, om) && oh <= 23 && om <= 59;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------

enum TypeBits : unsigned {
  kTNull = 1, kTBool = 2, kTInt = 4, kTNumber = 8, kTString = 16, kTObject = 32, kTArray = 64,
};

struct SchemaNode {
  unsigned types = 0;  // 0: any type
  bool nullable = false;
  bool preserve_unknown = false;
  bool int_or_string = false;
  bool embedded_resource = false;

  std::map<std::string, std::shared_ptr<SchemaEntry>, std::less<>> properties;
  bool has_properties = false;
  std::vector<std::string> required;
  enum class Additional { kAbsent, kFalse, kTrue, kSchema } additional = Additional::kAbsent;
  std::shared_ptr<const SchemaNode> additional_schema;
  std::shared_ptr<const SchemaNode> items;

  std::unordered_set<std::string> enum_set;  // canonical JSON
  std::string enum_text;                     // "a", "b" for messages
  bool has_enum = false;

  std::shared_ptr<const Pattern> pattern;

  std::optional<Num> minimum, maximum;
  bool exclusive_minimum = false, exclusive_maximum = false;
  std::optional<double> multiple_of;
  std::optional<uint64_t> min_length, max_length, min_items, max_items, min_properties, max_properties;
  bool unique_items = false;

  enum class Format { kNone, kInt32, kInt64, kDateTime } format = Format::kNone;
  enum class ListType { kAtomic, kSet, kMap } list_type = ListType::kAtomic;
  std::vector<std::string> list_map_keys;

  std::vector<std::shared_ptr<const SchemaNode>> all_of, any_of, one_of;
  std::shared_ptr<const SchemaNode> not_;
};

// Packed schema values not unpacked yet, by the undefined Doc left in their place.
using Deferred = std::unordered_map<const Doc*, PackedNode>;

// A CRD version's schema or a property's. A run validates one or two kinds and few of their
// fields, so the embedded schemas are unpacked and compiled a field at a time, when an object first
// has it: unpacking all of them into Docs took ~12 ms a run, and compiling them ~1.2 ms more,
// many times what the fields a run meets take. Other schemas are compiled when added, so that
// their errors are reported then.
struct SchemaEntry {
  std::shared_ptr<const SchemaNode> compiled;  // at once, or by get() when `origin` is set
  std::shared_ptr<const std::string> origin;   // the embedded file the packed schema comes from
  PackedNode packed;  // the schema, its properties' values left packed until they are used
  std::string path;
  int depth = 0;
  std::once_flag once;

  const SchemaNode& get();
};

namespace {

int line_of(DocMark m, int offset) { return m.line >= 0 ? m.line + 1 + offset : 0; }

bool compare_lt(const Num& a, const Num& b) { return (a.is_int && b.is_int) ? a.i < b.i : a.d < b.d; }

std::string num_text(const Num& n) { return n.is_int ? std::to_string(n.i) : format_double(n.d); }

// ---------------------------------------------------------------------------------------------------

class Compiler {
 public:
  // With `lazy`, the properties whose values `deferred` holds are left for SchemaEntry::get to compile.
  Compiler(Findings& out, std::string origin, int line_offset, std::shared_ptr<const std::string> lazy = nullptr,
           const Deferred* deferred = nullptr)
      : out_(out), origin_(std::move(origin)), line_offset_(line_offset), lazy_(std::move(lazy)), deferred_(deferred) {}

  std::shared_ptr<SchemaNode> compile(const Doc& n, const std::string& path, int depth) {
    if (depth > kMaxDepth) return fail(n, path, "schema nesting too deep (more than 256 levels)");
    if (++nodes_ > kMaxSchemaNodes) return fail(n, path, "schema too large (more than 200000 nodes)");
    if (!n.IsMap()) return fail(n, path, "a schema must be an object");
    auto s = std::make_shared<SchemaNode>();
    for (const auto& kv : n.entries()) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
      const Doc& v = kv.second;
      std::string sub = path.empty() ? key : path + "." + key;
      if (!keyword(*s, key, v, sub, depth)) return nullptr;
    }
    if (s->list_type == SchemaNode::ListType::kMap && s->list_map_keys.empty())
      error(n, path, "x-kubernetes-list-type map needs x-kubernetes-list-map-keys");
    return s;
  }

  size_t cel_rules = 0;

 private:
  std::nullptr_t fail(const Doc& n, const std::string& path, const std::string& msg) {
    error(n, path, msg);
    return nullptr;
  }

  void error(const Doc& n, const std::string& path, const std::string& msg) {
    out_.push_back(Finding{
        .rule = "schema", .message = msg, .field = path, .file = origin_, .line = line_of(n.Mark(), line_offset_)});
  }

  std::optional<bool> boolean(const Doc& v, const std::string& path) {
    Value x = classify(v);
    if (x.type == VType::kBool) return x.b;
    error(v, path, "must be a boolean");
    return std::nullopt;
  }

  std::optional<Num> number(const Doc& v, const std::string& path) {
    Value x = classify(v);
    if (x.type == VType::kInt || x.type == VType::kNumber) {
      if (x.type == VType::kInt && x.int_fits) return x.num;
      Num n;
      n.d = x.num.d;
      return n;
    }
    error(v, path, "must be a number");
    return std::nullopt;
  }

  std::optional<uint64_t> count(const Doc& v, const std::string& path) {
    Value x = classify(v);
    if (x.type == VType::kInt && x.int_fits && x.num.i >= 0) return static_cast<uint64_t>(x.num.i);
    error(v, path, "must be a non-negative integer");
    return std::nullopt;
  }

  bool strings(const Doc& v, const std::string& path, std::vector<std::string>& out) {
    if (!v.IsSequence()) {
      error(v, path, "must be a list of strings");
      return false;
    }
    for (const auto& item : v.items()) {
      if (!item.IsScalar()) {
        error(item, path, "must be a list of strings");
        return false;
      }
      out.push_back(item.Scalar());
    }
    return true;
  }

  bool type_list(SchemaNode& s, const Doc& v, const std::string& path) {
    std::vector<std::string> names;
    if (v.IsScalar()) names.push_back(v.Scalar());
    else if (!strings(v, path, names)) return true;
    static const std::unordered_map<std::string, unsigned> kBits = {
        {"null", kTNull},     {"boolean", kTBool},   {"integer", kTInt}, {"number", kTNumber},
        {"string", kTString}, {"object", kTObject}, {"array", kTArray}};
    for (const auto& name : names) {
      auto it = kBits.find(name);
      if (it == kBits.end()) error(v, path, "unknown type \"" + name + "\"");
      else s.types |= it->second;
    }
    return true;
  }

  std::shared_ptr<const SchemaNode> child(const Doc& v, const std::string& path, int depth) {
    return compile(v, path, depth + 1);
  }

  bool schema_list(const Doc& v, const std::string& path, int depth,
                   std::vector<std::shared_ptr<const SchemaNode>>& out) {
    if (!v.IsSequence() || v.size() == 0) {
      error(v, path, "must be a non-empty list of schemas");
      return true;
    }
    for (size_t k = 0; k < v.size(); ++k) {
      auto c = child(v.items()[k], path + "[" + std::to_string(k) + "]", depth);
      if (!c) return false;
      out.push_back(std::move(c));
    }
    return true;
  }

  // Returns false when compilation must stop (a sub-schema failed); other problems are findings only.
  bool keyword(SchemaNode& s, const std::string& key, const Doc& v, const std::string& path, int depth) {
    if (key == "type") return type_list(s, v, path);
    if (key == "properties") {
      if (!v.IsMap()) {
        error(v, path, "must be an object");
        return true;
      }
      s.has_properties = true;
      for (const auto& kv : v.entries()) {
        std::string name = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
        auto entry = std::make_shared<SchemaEntry>();
        const auto packed = deferred_ ? deferred_->find(&kv.second) : Deferred::const_iterator();
        if (deferred_ && packed != deferred_->end()) {
          entry->origin = lazy_;
          entry->packed = packed->second;
          entry->path = path + "." + name;
          entry->depth = depth + 1;
        } else {
          entry->compiled = child(kv.second, path + "." + name, depth);
          if (!entry->compiled) return false;
        }
        s.properties[name] = std::move(entry);
      }
      return true;
    }
    if (key == "required") return strings(v, path, s.required), true;
    if (key == "additionalProperties") {
      if (v.IsMap()) {
        s.additional = SchemaNode::Additional::kSchema;
        s.additional_schema = child(v, path, depth);
        return s.additional_schema != nullptr;
      }
      if (auto b = boolean(v, path)) s.additional = *b ? SchemaNode::Additional::kTrue : SchemaNode::Additional::kFalse;
      return true;
    }
    if (key == "items") {
      if (!v.IsMap()) {
        error(v, path, "only a single schema is supported for items (Kubernetes forbids a list)");
        return true;
      }
      s.items = child(v, path, depth);
      return s.items != nullptr;
    }
    if (key == "enum") {
      if (!v.IsSequence()) {
        error(v, path, "must be a list");
        return true;
      }
      s.has_enum = true;
      for (const auto& item : v.items()) {
        std::string text;
        size_t budget = kMaxVisits;
        if (!canonical(item, 0, budget, text)) {
          error(item, path, "enum value nested too deeply");
          continue;
        }
        if (!s.enum_text.empty()) s.enum_text += ", ";
        s.enum_text += text;
        s.enum_set.insert(std::move(text));
      }
      return true;
    }
    if (key == "pattern") {
      if (!v.IsScalar()) {
        error(v, path, "must be a string");
        return true;
      }
      std::string why;
      s.pattern = Pattern::compile(v.Scalar(), why);
      // The API server refuses such a CRD, so this one is refused when it is loaded, not per value.
      if (!s.pattern) error(v, path, "invalid pattern '" + v.Scalar() + "': " + why);
      return true;
    }
    if (key == "minimum") return s.minimum = number(v, path), true;
    if (key == "maximum") return s.maximum = number(v, path), true;
    // OpenAPI 3.0 / draft 4 spell these as booleans; later drafts as the bound itself.
    if (key == "exclusiveMinimum" || key == "exclusiveMaximum") {
      bool is_min = key == "exclusiveMinimum";
      if (classify(v).type == VType::kBool) {
        (is_min ? s.exclusive_minimum : s.exclusive_maximum) = classify(v).b;
      } else if (auto n = number(v, path)) {
        (is_min ? s.minimum : s.maximum) = n;
        (is_min ? s.exclusive_minimum : s.exclusive_maximum) = true;
      }
      return true;
    }
    if (key == "multipleOf") {
      auto n = number(v, path);
      if (n && n->d > 0) s.multiple_of = n->d;
      else if (n) error(v, path, "must be greater than 0");
      return true;
    }
    if (key == "minLength") return s.min_length = count(v, path), true;
    if (key == "maxLength") return s.max_length = count(v, path), true;
    if (key == "minItems") return s.min_items = count(v, path), true;
    if (key == "maxItems") return s.max_items = count(v, path), true;
    if (key == "minProperties") return s.min_properties = count(v, path), true;
    if (key == "maxProperties") return s.max_properties = count(v, path), true;
    if (key == "uniqueItems") return s.unique_items = boolean(v, path).value_or(false), true;
    if (key == "nullable") return s.nullable = boolean(v, path).value_or(false), true;
    if (key == "x-kubernetes-preserve-unknown-fields") return s.preserve_unknown = boolean(v, path).value_or(false), true;
    if (key == "x-kubernetes-int-or-string") return s.int_or_string = boolean(v, path).value_or(false), true;
    if (key == "x-kubernetes-embedded-resource") return s.embedded_resource = boolean(v, path).value_or(false), true;
    if (key == "format") {
      // Other formats (uri, email, ...) are validated by the API server but not here.
      std::string f = v.IsScalar() ? v.Scalar() : std::string();
      if (f == "int32") s.format = SchemaNode::Format::kInt32;
      else if (f == "int64") s.format = SchemaNode::Format::kInt64;
      else if (f == "date-time") s.format = SchemaNode::Format::kDateTime;
      return true;
    }
    if (key == "x-kubernetes-list-type") {
      std::string t = v.IsScalar() ? v.Scalar() : std::string();
      if (t == "set") s.list_type = SchemaNode::ListType::kSet;
      else if (t == "map") s.list_type = SchemaNode::ListType::kMap;
      else if (t != "atomic") error(v, path, "must be one of atomic, set, map");
      return true;
    }
    if (key == "x-kubernetes-list-map-keys") return strings(v, path, s.list_map_keys), true;
    if (key == "allOf") return schema_list(v, path, depth, s.all_of);
    if (key == "anyOf") return schema_list(v, path, depth, s.any_of);
    if (key == "oneOf") return schema_list(v, path, depth, s.one_of);
    if (key == "not") {
      s.not_ = child(v, path, depth);
      return s.not_ != nullptr;
    }
    if (key == "x-kubernetes-validations") {
      cel_rules += v.IsSequence() ? v.size() : 1;
      return true;
    }
    // Kubernetes forbids these in CRDs; accepting them silently would validate less than the user expects.
    if (key == "$ref" || key == "patternProperties" || key == "dependencies" || key == "additionalItems") {
      error(v, path, "unsupported schema keyword " + key);
      return true;
    }
    return true;  // description, default, example, title, x-kubernetes-map-type, ...: no validation
  }

  Findings& out_;
  std::string origin_;
  int line_offset_;
  std::shared_ptr<const std::string> lazy_;  // the embedded file, when its properties stay packed
  const Deferred* deferred_;
  size_t nodes_ = 0;
};

}  // namespace

// Unpacks `packed` whole but for its own properties' values, which it records in `deferred`.
bool unpack_schema(PackedNode packed, Doc& out, Deferred& deferred) {
  return packed.unpack(out, [&](std::string_view within, int depth, const Doc&, PackedNode value, Doc& slot) {
    if (depth != 1 || within != "properties") return false;
    deferred.emplace(&slot, value);
    return true;
  });
}

const SchemaNode& SchemaEntry::get() {
  if (origin)
    std::call_once(once, [this] {
      Findings f;
      Doc node;
      Deferred deferred;
      if (!unpack_schema(packed, node, deferred)) throw std::logic_error("embedded schema: " + *origin + " is damaged");
      Compiler c(f, *origin, 0, origin, &deferred);
      compiled = c.compile(node, path, depth);
      // Build inputs, which the tests compile whole: failing here is a build defect.
      if (!compiled || has_errors(f))
        throw std::logic_error("embedded schema: " + (f.empty() ? *origin + " " + path : f.front().to_text()));
    });
  return *compiled;
}

namespace {

// ---------------------------------------------------------------------------------------------------

class Validator {
 public:
  Validator(const ValidateContext& ctx, Findings& out)
      : ctx_(ctx), out_(&out), show_values_(ctx.resource.kind != "Secret") {}

  void run(const SchemaNode& s, const Doc& v, bool root) {
    std::string path;
    check(s, v, v.Mark(), path, 0, true, root);
  }

 private:
  // `structural`: this schema is part of the object's structure, not a branch of anyOf/allOf/oneOf/not.
  // Kubernetes prunes (or rejects) unknown fields and nulls only according to the structure.
  void check(const SchemaNode& s, const Doc& v, DocMark at, std::string& path, int depth,
             bool structural, bool root = false) {
    if (stopped_) return;
    if (++visits_ > kMaxVisits) {
      stopped_ = true;
      report(at, path, "too many nodes to validate (more than 1000000; aliases expanding?)");
      return;
    }
    if (depth > kMaxDepth) {
      report(at, path, "nesting too deep (more than 256 levels)");
      return;
    }
    Value val = classify(v);
    if (val.type == VType::kNull) {
      if (s.nullable) return;
      if (ctx_.mode == SchemaMode::kKubernetes && structural) {
        // The API server prunes the null (or defaults it) instead of rejecting it: the field is
        // silently dropped, which is worth a warning, not a failure.
        report(at, path, invalid("\"null\"", path, "must not be null: the API server prunes it"),
               "omit the field instead of writing null", "schema-null-pruned", Severity::kWarning);
        return;
      }
    }
    if (!type_ok(s, val)) return type_error(s, val, at, path);
    check_format(s, v, val, at, path);
    switch (val.type) {
      case VType::kString: check_string(s, v, at, path); break;
      case VType::kInt:
      case VType::kNumber: check_number(s, v, val, at, path); break;
      case VType::kArray: check_array(s, v, at, path, depth, structural); break;
      case VType::kObject: check_object(s, v, at, path, depth, structural, root); break;
      default: break;
    }
    if (s.has_enum) {
      std::string text;
      size_t budget = kMaxVisits;
      if (!canonical(v, 0, budget, text)) report(at, path, "nesting too deep (more than 256 levels)");
      else if (!s.enum_set.count(text))
        report(at, path, "Unsupported value: " + shown(v, val) + ": supported values: " + s.enum_text);
    }
    check_junctors(s, v, val, at, path, depth);
  }

  bool type_ok(const SchemaNode& s, const Value& val) const {
    if (s.types == 0) {
      if (!s.int_or_string) return true;
      return val.type == VType::kInt || val.type == VType::kString;
    }
    switch (val.type) {
      case VType::kNull: return s.types & kTNull;
      case VType::kBool: return s.types & kTBool;
      // 1.0 is not an integer: the VolSync controller decodes into Go integers and would fail on it.
      case VType::kInt: return s.types & (kTInt | kTNumber);
      case VType::kNumber: return s.types & kTNumber;
      case VType::kString: return s.types & kTString;
      case VType::kObject: return s.types & kTObject;
      case VType::kArray: return s.types & kTArray;
    }
    return false;
  }

  void type_error(const SchemaNode& s, const Value& val, DocMark at, const std::string& path) {
    std::string want;
    if (s.types == 0) {
      want = "integer,string";
    } else {
      for (unsigned bit = 1; bit <= kTArray; bit <<= 1) {
        if (!(s.types & bit)) continue;
        if (!want.empty()) want += ',';
        want += bit == kTNull ? "null" : bit == kTBool ? "boolean" : bit == kTInt ? "integer" : bit == kTNumber ? "number" : bit == kTString ? "string" : bit == kTObject ? "object" : "array";
      }
    }
    std::string got = std::string("\"") + vtype_name(val.type) + "\"";
    report(at, path, invalid(got, path, "must be of type " + want + ": " + got));
  }

  void check_format(const SchemaNode& s, const Doc& v, const Value& val, DocMark at,
                    const std::string& path) {
    if ((s.format == SchemaNode::Format::kInt32 || s.format == SchemaNode::Format::kInt64) &&
        val.type == VType::kInt) {
      bool is32 = s.format == SchemaNode::Format::kInt32;
      bool ok = val.int_fits && (!is32 || (val.num.i >= std::numeric_limits<int32_t>::min() &&
                                           val.num.i <= std::numeric_limits<int32_t>::max()));
      if (!ok)
        report(at, path, invalid(shown(v, val), path, is32 ? "must be of type integer with format int32 (-2147483648 to 2147483647)" : "must be of type integer with format int64"));
    } else if (s.format == SchemaNode::Format::kDateTime && val.type == VType::kString && !is_rfc3339(v.Scalar())) {
      report(at, path, invalid(shown(v, val), path, "must be of type date-time: " + shown(v, val)));
    }
  }

  void check_string(const SchemaNode& s, const Doc& v, DocMark at, const std::string& path) {
    const std::string& str = v.Scalar();
    Value val;
    val.type = VType::kString;
    if (s.min_length || s.max_length) {
      size_t n = code_points(str);
      if (s.min_length && n < *s.min_length)
        report(at, path, invalid(shown(v, val), path, "should be at least " + std::to_string(*s.min_length) + " chars long"));
      if (s.max_length && n > *s.max_length)
        report(at, path, invalid(shown(v, val), path, "should be at most " + std::to_string(*s.max_length) + " chars long"));
    }
    if (s.pattern && !s.pattern->matches(str))
      report(at, path, invalid(shown(v, val), path, "should match '" + s.pattern->text() + "'"));
  }

  void check_number(const SchemaNode& s, const Doc& v, const Value& val, DocMark at,
                    const std::string& path) {
    Num n = val.type == VType::kInt && val.int_fits ? val.num : Num{false, 0, val.num.d};
    if (s.minimum) {
      bool bad = s.exclusive_minimum ? !compare_lt(*s.minimum, n) : compare_lt(n, *s.minimum);
      if (bad)
        report(at, path, invalid(shown(v, val), path, std::string("should be greater than ") + (s.exclusive_minimum ? "" : "or equal to ") + num_text(*s.minimum)));
    }
    if (s.maximum) {
      bool bad = s.exclusive_maximum ? !compare_lt(n, *s.maximum) : compare_lt(*s.maximum, n);
      if (bad)
        report(at, path, invalid(shown(v, val), path, std::string("should be less than ") + (s.exclusive_maximum ? "" : "or equal to ") + num_text(*s.maximum)));
    }
    if (s.multiple_of) {
      double m = *s.multiple_of;
      bool ok;
      if (n.is_int && m == std::floor(m) && m < 9.2e18) {
        ok = n.i % static_cast<int64_t>(m) == 0;
      } else {
        double q = n.d / m;
        ok = std::isfinite(q) && std::fabs(q - std::round(q)) < 1e-9 * std::max(1.0, std::fabs(q));
      }
      if (!ok) report(at, path, invalid(shown(v, val), path, "should be a multiple of " + format_double(m)));
    }
  }

  void check_array(const SchemaNode& s, const Doc& v, DocMark at, std::string& path, int depth,
                   bool structural) {
    size_t n = v.size();
    if (s.min_items && n < *s.min_items)
      report(at, path, invalid(std::to_string(n), path, "should have at least " + std::to_string(*s.min_items) + " items"));
    if (s.max_items && n > *s.max_items)
      report(at, path, "Too many: " + std::to_string(n) + ": must have at most " + std::to_string(*s.max_items) + " items");
    const size_t base = path.size();
    if (s.items) {
      size_t k = 0;
      for (const auto& item : v.items()) {
        if (stopped_) break;
        path += "[" + std::to_string(k++) + "]";
        check(*s.items, item, item.Mark(), path, depth + 1, structural);
        path.resize(base);
      }
    }
    if (s.unique_items || s.list_type == SchemaNode::ListType::kSet) check_unique(v, path, {});
    if (s.list_type == SchemaNode::ListType::kMap && !s.list_map_keys.empty()) check_unique(v, path, s.list_map_keys);
  }

  // Duplicates by whole value (set, uniqueItems) or by the list-map keys (x-kubernetes-list-type: map).
  void check_unique(const Doc& v, std::string& path, const std::vector<std::string>& keys) {
    std::unordered_set<std::string> seen;
    size_t budget = kMaxVisits;
    size_t k = 0;
    for (const auto& item : v.items()) {
      const size_t index = k++;
      std::string text;
      bool ok = true;
      if (keys.empty()) {
        ok = canonical(item, 0, budget, text);
      } else {
        if (!item.IsMap()) continue;  // the item schema reports the type
        text += '{';
        for (const auto& key : keys) {
          const Doc* kv = item.find(key);
          if (!kv) continue;  // a missing key is reported by `required`
          if (text.size() > 1) text += ',';
          append_json_quoted(text, key);
          text += ':';
          ok = ok && canonical(*kv, 0, budget, text);
        }
        text += '}';
      }
      std::string item_path = path + "[" + std::to_string(index) + "]";
      if (!ok) {
        report(item.Mark(), item_path, "nesting too deep (more than 256 levels)");
        return;
      }
      if (!seen.insert(text).second)
        report(item.Mark(), item_path, "Duplicate value: " + (show_values_ ? clip(text) : std::string("(value hidden)")));
    }
  }

  void check_object(const SchemaNode& s, const Doc& v, DocMark at, std::string& path, int depth,
                    bool structural, bool root) {
    size_t n = v.size();
    if (s.min_properties && n < *s.min_properties)
      report(at, path, invalid(std::to_string(n), path, "should have at least " + std::to_string(*s.min_properties) + " properties"));
    if (s.max_properties && n > *s.max_properties)
      report(at, path, invalid(std::to_string(n), path, "should have at most " + std::to_string(*s.max_properties) + " properties"));
    for (const auto& name : s.required) {
      if (!v.find(name)) {
        std::string field = join(path, name);
        report(at, field, "Required value");
      }
    }
    // Kubernetes prunes fields of an object schema that lists none, so they count as unknown too.
    const bool closed = ctx_.mode == SchemaMode::kKubernetes && structural && !s.preserve_unknown &&
                        s.additional == SchemaNode::Additional::kAbsent &&
                        (s.has_properties || s.types == kTObject);
    const size_t base = path.size();
    std::unordered_set<std::string> seen;
    for (const auto& kv : v.entries()) {
      if (stopped_) return;
      if (!kv.first.IsScalar()) {
        report(kv.first.Mark(), path, "Invalid value: field names must be strings");
        continue;
      }
      const std::string& key = kv.first.Scalar();
      const DocMark key_at = kv.first.Mark();
      path = join(path, key);
      if (!seen.insert(key).second) {
        // YAML readers keep one of the two; which one differs between tools.
        report(key_at, path, "Duplicate value: field \"" + key + "\" appears twice");
      } else if ((root || s.embedded_resource) && (key == "apiVersion" || key == "kind" || key == "metadata")) {
        check_root_field(key, kv.second, key_at, path);
      } else if (auto it = s.properties.find(key); it != s.properties.end()) {
        check(it->second->get(), kv.second, key_at, path, depth + 1, structural);
      } else if (s.additional == SchemaNode::Additional::kSchema) {
        check(*s.additional_schema, kv.second, key_at, path, depth + 1, structural);
      } else if (s.additional == SchemaNode::Additional::kFalse || closed) {
        report(key_at, path, "unknown field \"" + path + "\"", {}, "schema-unknown-field");
      }
      path.resize(base);
    }
  }

  // The API server validates ObjectMeta itself; a CRD schema may only restrict it further.
  void check_root_field(const std::string& key, const Doc& v, DocMark at, const std::string& path) {
    Value val = classify(v);
    VType want = key == "metadata" ? VType::kObject : VType::kString;
    if (val.type != want) {
      std::string got = std::string("\"") + vtype_name(val.type) + "\"";
      report(at, path, invalid(got, path, std::string("must be of type ") + vtype_name(want) + ": " + got));
    }
  }

  void check_junctors(const SchemaNode& s, const Doc& v, const Value& val, DocMark at,
                      std::string& path, int depth) {
    for (const auto& sub : s.all_of) check(*sub, v, at, path, depth + 1, false);
    if (!s.any_of.empty()) {
      bool any = false;
      for (const auto& sub : s.any_of)
        if ((any = passes(*sub, v, at, path, depth))) break;
      if (!any) report(at, path, invalid(shown(v, val), path, "must validate at least one schema (anyOf)"));
    }
    if (!s.one_of.empty()) {
      size_t matched = 0;
      for (const auto& sub : s.one_of) matched += passes(*sub, v, at, path, depth) ? 1 : 0;
      if (matched != 1) report(at, path, invalid(shown(v, val), path, "must validate one and only one schema (oneOf)"));
    }
    if (s.not_ && passes(*s.not_, v, at, path, depth))
      report(at, path, invalid(shown(v, val), path, "must not validate the schema (not)"));
  }

  bool passes(const SchemaNode& sub, const Doc& v, DocMark at, std::string& path, int depth) {
    Findings scratch;
    Findings* saved = out_;
    out_ = &scratch;
    check(sub, v, at, path, depth + 1, false);
    out_ = saved;
    return scratch.empty() && !stopped_;
  }

  static std::string join(const std::string& path, const std::string& key) {
    bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '$';
    });
    if (!plain) {
      std::string quoted;
      append_json_quoted(quoted, key);
      return path + "[" + quoted + "]";
    }
    return path.empty() ? key : path + "." + key;
  }

  static std::string clip(const std::string& s) {
    if (s.size() <= kMaxValueChars) return s;
    size_t cut = kMaxValueChars;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    return s.substr(0, cut) + "...";
  }

  // The value as the API server echoes it; never for a Secret, whose values are credentials.
  std::string shown(const Doc& v, const Value& val) const {
    if (!show_values_) return "(value hidden)";
    switch (val.type) {
      case VType::kString: {
        std::string q;
        append_json_quoted(q, v.Scalar());
        return clip(q);
      }
      case VType::kInt:
      case VType::kNumber:
      case VType::kBool: return clip(v.Scalar());
      case VType::kNull: return "null";
      case VType::kObject: return "\"object\"";
      case VType::kArray: return "\"array\"";
    }
    return "";
  }

  static std::string invalid(const std::string& shown_value, const std::string& path, const std::string& detail) {
    return "Invalid value: " + shown_value + ": " + (path.empty() ? std::string("body ") : path + " in body ") + detail;
  }

  void report(DocMark at, const std::string& field, std::string message, std::string hint = {},
              const char* rule = "schema", Severity severity = Severity::kError) {
    out_->push_back(Finding{.severity = severity,
                            .rule = rule,
                            .message = std::move(message),
                            .resource = ctx_.resource,
                            .field = field,
                            .file = ctx_.file,
                            .line = line_of(at, ctx_.line_offset),
                            .hint = std::move(hint)});
  }

  const ValidateContext& ctx_;
  Findings* out_;
  bool show_values_;
  size_t visits_ = 0;
  bool stopped_ = false;
};

// ---------------------------------------------------------------------------------------------------

void load_error(Findings& out, const std::string& origin, int line, const std::string& field, const std::string& msg,
                Severity sev = Severity::kError) {
  out.push_back(Finding{.severity = sev, .rule = "schema", .message = msg, .field = field, .file = origin, .line = line});
}

std::string scalar_at(const Doc& n, std::initializer_list<std::string_view> path) {
  const Doc& d = n.at(path);
  return d.IsScalar() ? d.Scalar() : std::string();
}

}  // namespace

// ---------------------------------------------------------------------------------------------------

std::shared_ptr<const SchemaNode> SchemaSet::compile(const Doc& schema, Findings& out) {
  Compiler c(out, "", 0);
  return c.compile(schema, "", 0);
}

namespace {

using Entries = std::map<std::string, std::shared_ptr<SchemaEntry>, std::less<>>;

// An embedded CRD read with its schemas left packed: the file it is from, and the packed schemas.
struct Lazy {
  std::shared_ptr<const std::string> origin;
  Deferred deferred;
};

// Compiles one CRD's versions into `into`; returns false on errors. With `lazy` (which holds the
// packed schemas of `crd`), the versions are only recorded, to be compiled on first use.
bool add_crd(const Doc& crd, const std::string& origin, Entries& into, Findings& out, const Lazy* lazy) {
  const int line = line_of(crd.Mark(), 0);
  const std::string api = scalar_at(crd, {"apiVersion"});
  if (api != "apiextensions.k8s.io/v1") {
    load_error(out, origin, line, "apiVersion", "CustomResourceDefinition " + api + " is not supported; use apiextensions.k8s.io/v1");
    return false;
  }
  const std::string group = scalar_at(crd, {"spec", "group"});
  const std::string kind = scalar_at(crd, {"spec", "names", "kind"});
  const Doc& versions = crd.at({"spec", "versions"});
  if (group.empty() || kind.empty() || !versions.IsSequence()) {
    load_error(out, origin, line, "spec", "CustomResourceDefinition needs spec.group, spec.names.kind and spec.versions");
    return false;
  }
  bool ok = true;
  for (size_t k = 0; k < versions.size(); ++k) {
    const Doc& v = versions.items()[k];
    const std::string name = scalar_at(v, {"name"});
    const std::string path = "spec.versions[" + std::to_string(k) + "].schema.openAPIV3Schema";
    const Doc& schema = v.at({"schema", "openAPIV3Schema"});
    const auto packed = lazy ? lazy->deferred.find(&schema) : Deferred::const_iterator();
    if (name.empty() || (!schema && !(lazy && packed != lazy->deferred.end()))) {
      load_error(out, origin, line_of(v.Mark(), 0), path, kind + ": version " + (name.empty() ? "<unnamed>" : name) + " has no name or openAPIV3Schema");
      ok = false;
      continue;
    }
    auto entry = std::make_shared<SchemaEntry>();
    if (lazy && packed != lazy->deferred.end()) {
      entry->origin = lazy->origin;
      entry->packed = packed->second;
      entry->path = path;
      into[group + "/" + name + "/" + kind] = std::move(entry);
      continue;
    }
    const size_t before = out.size();
    Compiler c(out, origin, 0);
    entry->compiled = c.compile(schema, path, 0);
    ok = ok && entry->compiled && out.size() == before;
    if (entry->compiled) into[group + "/" + name + "/" + kind] = std::move(entry);
    if (c.cel_rules > 0)
      load_error(out, origin, line_of(schema.Mark(), 0), path,
                 kind + " " + name + ": " + std::to_string(c.cel_rules) + " x-kubernetes-validations (CEL) rules are not checked",
                 Severity::kWarning);
  }
  return ok;
}

// Returns the number of CRDs found, or -1 on errors.
int add_docs(const std::vector<Doc>& docs, const std::string& origin, Entries& into, Findings& out, bool nested,
             const Lazy* lazy = nullptr) {
  int found = 0;
  bool ok = true;
  for (const auto& doc : docs) {
    if (!doc.IsMap()) continue;
    const std::string kind = scalar_at(doc, {"kind"});
    if (kind == "CustomResourceDefinition") {
      ++found;
      ok = add_crd(doc, origin, into, out, lazy) && ok;
    } else if (!nested && kind.size() >= 4 && kind.compare(kind.size() - 4, 4, "List") == 0 &&
               doc["items"].IsSequence()) {  // `kubectl get crd -o yaml` prints a List
      int n = add_docs(doc["items"].items(), origin, into, out, true, lazy);
      if (n < 0) ok = false;
      else found += n;
    }
  }
  return ok ? found : -1;
}

int add_text(std::string_view text, const std::string& origin, Entries& into, Findings& out) {
  std::vector<Doc> docs;
  DocParseError error;
  if (!parse_docs(text, docs, error)) {
    load_error(out, origin, error.line, "", "cannot read CRD YAML: " + error.message);
    return -1;
  }
  // Lookups in a Doc do not throw: a scalar where a map belongs reads as a missing field, which
  // add_crd and the compiler report with the field's path.
  return add_docs(docs, origin, into, out, false);
}

}  // namespace

bool SchemaSet::add_crd_text(std::string_view text, const std::string& origin, Findings& out) {
  return add_text(text, origin, schemas_, out) >= 0;
}

bool SchemaSet::add_path(const std::string& file_or_dir, Findings& out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  const bool is_dir = fs::is_directory(file_or_dir, ec);
  if (is_dir) {
    for (const auto& e : fs::directory_iterator(file_or_dir, ec)) {
      const std::string ext = e.path().extension().string();
      if (e.is_regular_file(ec) && (ext == ".yaml" || ext == ".yml" || ext == ".json")) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());  // later files win, so the order must not depend on the FS
  } else {
    files.emplace_back(file_or_dir);
  }
  if (ec) {
    load_error(out, file_or_dir, 0, "", "cannot read schemas: " + ec.message());
    return false;
  }
  bool ok = true;
  for (const auto& f : files) {
    const std::string name = f.string();
    const uintmax_t size = fs::file_size(f, ec);
    if (ec || size > kMaxFileBytes) {
      load_error(out, name, 0, "", ec ? "cannot read schema file: " + ec.message() : "schema file larger than 64 MiB");
      ok = false;
      continue;
    }
    std::ifstream in(f, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    if (!in) {
      load_error(out, name, 0, "", "cannot read schema file");
      ok = false;
      continue;
    }
    int n = add_text(buf.str(), name, schemas_, out);
    if (n < 0) ok = false;
    else if (n == 0 && !is_dir)
      load_error(out, name, 0, "", "no CustomResourceDefinition found", Severity::kWarning);
  }
  return ok;
}

namespace {

struct EmbeddedSetInfo {
  EmbeddedSchemas which;
  std::string_view dir;  // embedded path prefix; a set's files are directly in it
  std::string_view name;
};
constexpr EmbeddedSetInfo kEmbeddedSets[] = {
    {EmbeddedSchemas::kUpstream, "schemas/", "VolSync v0.16.0"},
    {EmbeddedSchemas::kKopiaFork, "schemas/kopia-fork/", "perfectra1n/volsync v0.17.11"},
};

const EmbeddedSetInfo& set_info(EmbeddedSchemas which) {
  for (const auto& s : kEmbeddedSets)
    if (s.which == which) return s;
  throw std::logic_error("unknown embedded schema set");
}

}  // namespace

std::string_view schema_set_name(EmbeddedSchemas which) { return set_info(which).name; }

SchemaSet SchemaSet::embedded(EmbeddedSchemas which) {
  static const auto load = [](std::string_view dir) {
    constexpr std::string_view kPacked = ".packed";
    SchemaSet s;
    Findings f;
    for (const auto& file : embedded_files()) {
      const std::string_view p = file.path;
      // Only files directly in `dir`: the upstream set's folder holds the other sets' folders.
      if (p.size() <= dir.size() + kPacked.size() || p.substr(0, dir.size()) != dir ||
          p.substr(p.size() - kPacked.size()) != kPacked || p.find('/', dir.size()) != std::string_view::npos)
        continue;
      const std::string origin = std::string(p.substr(0, p.size() - kPacked.size())) + ".yaml";
      Lazy lazy{std::make_shared<const std::string>(origin), {}};
      std::vector<PackedNode> packed;
      std::vector<Doc> docs;
      bool ok = packed_docs(file.contents, packed);
      docs.resize(packed.size());
      for (std::size_t i = 0; ok && i < packed.size(); ++i)
        ok = packed[i].unpack(docs[i], [&](std::string_view, int, const Doc& key, PackedNode value, Doc& slot) {
          if (key.Scalar() != "openAPIV3Schema") return false;
          lazy.deferred.emplace(&slot, value);
          return true;
        });
      if (!ok) throw std::logic_error("embedded schema: " + origin + " is damaged");
      add_docs(docs, origin, s.schemas_, f, false, &lazy);
    }
    // The embedded CRDs are build inputs checked by the tests; failing here is a build defect.
    if (has_errors(f)) throw std::logic_error("embedded schema: " + f.front().to_text());
    if (s.schemas_.empty()) throw std::logic_error("embedded schema: nothing in " + std::string(dir));
    return s;
  };
  // Never destroyed: freeing the compiled trees at exit is work for nothing (copies share them).
  if (which == EmbeddedSchemas::kKopiaFork) {
    static const SchemaSet* fork = new SchemaSet(load(set_info(which).dir));
    return *fork;
  }
  static const SchemaSet* upstream = new SchemaSet(load(set_info(which).dir));
  return *upstream;
}

const SchemaNode* SchemaSet::find(std::string_view api_version, std::string_view kind) const {
  const size_t slash = api_version.rfind('/');
  std::string key;
  if (slash == std::string_view::npos) key = "/";  // core group
  key += api_version;
  key += '/';
  key += kind;
  auto it = schemas_.find(key);
  return it == schemas_.end() ? nullptr : &it->second->get();
}

void validate(const SchemaNode& schema, const Doc& value, const ValidateContext& ctx, Findings& out) {
  Validator(ctx, out).run(schema, value, true);
}

void validate_value(const SchemaNode& schema, const Doc& value, const ValidateContext& ctx, Findings& out) {
  Validator(ctx, out).run(schema, value, false);
}

}  // namespace vg
