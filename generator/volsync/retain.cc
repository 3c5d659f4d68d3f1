#include "volsync/retain.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <vector>

#include "yaml/emit.h"

namespace vg {
namespace {

constexpr std::int64_t kInt32Max = std::numeric_limits<std::int32_t>::max();

// One key of the policy and where its value goes: counts are integers; `within` is a restic
// duration; `last` is an integer the CRD types as a string.
struct RetainKey {
  std::string_view key;
  std::optional<std::int64_t> Retain::*count = nullptr;
  std::optional<std::string> Retain::*text = nullptr;
};

constexpr RetainKey kKeys[] = {
    {"hourly", &Retain::hourly},   {"daily", &Retain::daily},   {"weekly", &Retain::weekly},
    {"monthly", &Retain::monthly}, {"yearly", &Retain::yearly}, {"within", nullptr, &Retain::within},
    {"last", nullptr, &Retain::last},       {"latest", &Retain::latest},
};

const RetainKey* find_key(std::string_view k) {
  for (const RetainKey& rk : kKeys)
    if (rk.key == k) return &rk;
  return nullptr;
}

std::string unknown_key(std::string_view k) {
  std::string msg = "unknown retain key \"" + std::string(k) + "\" (";
  for (const RetainKey& rk : kKeys) msg += std::string(rk.key) + (&rk == std::end(kKeys) - 1 ? ")" : ", ");
  return msg;
}

std::optional<std::string> int_in(std::string_view s, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
  std::int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size())
    return "\"" + std::string(s) + "\" is not an integer";
  if (v < lo || v > hi) return std::to_string(v) + " is out of range " + std::to_string(lo) + ".." + std::to_string(hi);
  out = v;
  return std::nullopt;
}

// restic's --keep-within: one or more <number><unit>, units y, m, d, h ("1y6m", "30d").
bool restic_duration(std::string_view v) {
  if (v.empty()) return false;
  std::size_t i = 0;
  while (i < v.size()) {
    const std::size_t digits = i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
    if (i == digits || i == v.size()) return false;
    if (v[i] != 'y' && v[i] != 'm' && v[i] != 'd' && v[i] != 'h') return false;
    ++i;
  }
  return true;
}

// The value of one key, already known to be a scalar's text. The message does not name the key.
std::optional<std::string> set_value(const RetainKey& rk, std::string_view v, Retain& r) {
  std::int64_t x = 0;
  if (rk.count) {
    if (auto e = int_in(v, 0, kInt32Max, x)) return e;
    r.*rk.count = x;
  } else if (rk.key == "within") {
    if (!restic_duration(v)) return "\"" + std::string(v) + "\" is not a restic duration like 30d or 1y6m";
    r.*rk.text = std::string(v);
  } else {
    if (auto e = int_in(v, 1, kInt32Max, x)) return e;
    r.*rk.text = std::string(v);
  }
  return std::nullopt;
}

constexpr std::string_view kEmpty =
    "retain is empty: VolSync would then keep only the last snapshot (restic forget --keep-last 1)";

}  // namespace

Doc Retain::to_doc() const {
  Doc n = Doc::map();
  for (const RetainKey& rk : kKeys) {
    if (rk.count && this->*rk.count) n.set(rk.key, Doc::scalar(std::to_string(*(this->*rk.count))));
    if (rk.text && this->*rk.text) n.set(rk.key, Doc::string(*(this->*rk.text)));
  }
  return n;
}

std::optional<std::string> parse_retain_string(std::string_view text, Retain& out) {
  Retain r;
  std::vector<std::string_view> seen;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t comma = text.find(',', pos);
    std::string_view part = text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    pos = comma == std::string_view::npos ? text.size() : comma + 1;
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    if (eq == std::string_view::npos) return "\"" + std::string(part) + "\" is not KEY=VALUE";
    std::string_view k = part.substr(0, eq), v = part.substr(eq + 1);
    while (!k.empty() && k.back() == ' ') k.remove_suffix(1);  // "hourly = 24" reads as hourly=24
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    const RetainKey* rk = find_key(k);
    if (!rk) return unknown_key(k);
    // "daily=1,daily=9" kept 9 without a word; the map form refuses the repeat, and so does this one.
    if (std::find(seen.begin(), seen.end(), k) != seen.end()) return "retain." + std::string(k) + " is given twice";
    seen.push_back(k);
    if (auto e = set_value(*rk, v, r)) return "retain." + std::string(k) + ": " + *e;
  }
  if (r.empty()) return std::string(kEmpty);
  out = r;
  return std::nullopt;
}

std::optional<RetainError> parse_retain_doc(const Doc& map, Retain& out) {
  if (!map.IsMap()) return RetainError{"", "must be an object of keep counts", map.Mark()};
  Retain r;
  for (const auto& kv : map.entries()) {
    const std::string& k = kv.first.Scalar();
    const RetainKey* rk = kv.first.IsScalar() ? find_key(k) : nullptr;
    if (!rk) return RetainError{k, unknown_key(k), kv.first.Mark()};
    const Doc& v = kv.second;
    if (!v.IsScalar()) return RetainError{k, "must be a scalar", v.Mark()};
    if (rk->count && is_string_scalar(v)) return RetainError{k, "must be an integer (unquoted)", v.Mark()};
    if (auto e = set_value(*rk, v.Scalar(), r)) return RetainError{k, *e, v.Mark()};
  }
  if (r.empty()) return RetainError{"", std::string(kEmpty), map.Mark()};
  out = r;
  return std::nullopt;
}

}  // namespace vg
