#include "volsync/schedule.h"

#include <array>
#include <cctype>

namespace vg {
namespace {

struct FieldBounds {
  const char* name;
  int min;
  int max;
};

constexpr std::array<FieldBounds, 5> kFields = {{
    {"minute", 0, 59},
    {"hour", 0, 23},
    {"day-of-month", 1, 31},
    {"month", 1, 12},
    {"day-of-week", 0, 6},  // robfig v3 rejects 7 for Sunday
}};

enum Field { kMinute, kHour, kDom, kMonth, kDow };

struct Descriptor {
  std::string_view name;
  std::string_view expansion;  // robfig's own expansion; empty = known but refused
  std::string_view refusal;
};

constexpr std::array<Descriptor, 8> kDescriptors = {{
    {"@yearly", "0 0 1 1 *", ""},
    {"@annually", "0 0 1 1 *", ""},
    {"@monthly", "0 0 1 * *", ""},
    {"@weekly", "0 0 * * 0", ""},
    {"@daily", "0 0 * * *", ""},
    {"@hourly", "0 * * * *", ""},
    {"@every", "", "the VolSync CRD pattern rejects @every (robfig would accept it)"},
    {"@midnight", "", "the VolSync CRD pattern rejects @midnight; use @daily"},
}};

// Characters of other cron dialects, with why they fail here.
struct ForeignSyntax {
  char c;
  std::string_view why;
};

constexpr std::array<ForeignSyntax, 5> kForeignSyntax = {{
    {'?', "'?', which the VolSync CRD pattern rejects; use *"},
    {'H', "'H' (Jenkins hash), which is not cron; use a preset such as daily to spread runs"},
    {'L', "'L' (last day), which robfig/cron does not support"},
    {'W', "'W' (nearest weekday), which robfig/cron does not support"},
    {'#', "'#' (nth weekday), which robfig/cron does not support"},
}};

struct CronSpec {
  std::array<std::uint64_t, 5> bits{};
  // robfig marks a day field written as `*` (or `*/1`); only then must both day fields match.
  bool dom_star = false;
  bool dow_star = false;
};

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

CronError field_error(Field f, std::string_view text, std::string_view what) {
  return {std::string(kFields[f].name) + " field " + quoted(text) + std::string(what)};
}

// Saturates instead of overflowing so that huge numbers still report "out of range".
std::optional<int> parse_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
    if (v > 1'000'000) v = 1'000'000;
  }
  return static_cast<int>(v);
}

bool has_name(std::string_view text) {
  int run = 0;
  for (char c : text) {
    run = std::isalpha(static_cast<unsigned char>(c)) ? run + 1 : 0;
    if (run == 3) return true;
  }
  return false;
}

std::optional<CronError> unsupported_syntax(Field f, std::string_view text) {
  if (has_name(text)) {
    return field_error(f, text, " contains a name; use numbers (names like MON or JAN are rejected "
                                "by the VolSync CRD pattern)");
  }
  for (const auto& fs : kForeignSyntax) {
    if (text.find(fs.c) != std::string_view::npos) {
      return field_error(f, text, " uses " + std::string(fs.why));
    }
  }
  return std::nullopt;
}

// Sets bits for one field; `text` is the whole field, used in messages.
std::optional<CronError> parse_field(Field f, std::string_view text, CronSpec& spec) {
  const FieldBounds& b = kFields[f];
  const std::string range =
      " is out of range " + std::to_string(b.min) + "-" + std::to_string(b.max);
  if (auto e = unsupported_syntax(f, text)) return e;

  auto in_range = [&](int v) { return v >= b.min && v <= b.max; };
  auto number = [&](std::string_view part) -> std::variant<int, CronError> {
    auto v = parse_number(part);
    if (!v) return field_error(f, text, " is not a number, *, */N, N-M, N/M or a list N,M,...");
    if (!in_range(*v)) {
      return part == text ? field_error(f, text, range)
                          : field_error(f, text, ": " + std::string(part) + range);
    }
    return *v;
  };
  auto set = [&](int from, int to, int step) {
    for (int v = from; v <= to; v += step) spec.bits[f] |= std::uint64_t{1} << v;
  };

  const auto slash = text.find('/');
  const auto dash = text.find('-');
  if (slash != std::string_view::npos && dash != std::string_view::npos) {
    return field_error(f, text, " is a range with a step, which the VolSync CRD pattern rejects; "
                                "list the values instead");
  }
  if (text == "*") {
    set(b.min, b.max, 1);
    if (f == kDom) spec.dom_star = true;
    if (f == kDow) spec.dow_star = true;
    return std::nullopt;
  }
  if (slash != std::string_view::npos) {
    const std::string_view head = text.substr(0, slash);
    auto step = parse_number(text.substr(slash + 1));
    if (!step) return field_error(f, text, " has a step that is not a number");
    if (*step < 1) return field_error(f, text, " has a step below 1");
    int start = b.min;
    if (head != "*") {
      auto v = number(head);
      if (auto* e = std::get_if<CronError>(&v)) return *e;
      start = std::get<int>(v);
    }
    set(start, b.max, *step);
    if (head == "*" && *step == 1) {
      if (f == kDom) spec.dom_star = true;
      if (f == kDow) spec.dow_star = true;
    }
    return std::nullopt;
  }
  if (dash != std::string_view::npos) {
    auto lo = number(text.substr(0, dash));
    if (auto* e = std::get_if<CronError>(&lo)) return *e;
    auto hi = number(text.substr(dash + 1));
    if (auto* e = std::get_if<CronError>(&hi)) return *e;
    if (std::get<int>(lo) > std::get<int>(hi)) {
      return field_error(f, text, " is a range whose start is after its end");
    }
    set(std::get<int>(lo), std::get<int>(hi), 1);
    return std::nullopt;
  }
  std::size_t pos = 0;
  while (true) {
    const auto comma = text.find(',', pos);
    auto v = number(text.substr(pos, comma == std::string_view::npos ? comma : comma - pos));
    if (auto* e = std::get_if<CronError>(&v)) return *e;
    set(std::get<int>(v), std::get<int>(v), 1);
    if (comma == std::string_view::npos) return std::nullopt;
    pos = comma + 1;
  }
}

std::optional<CronError> check_spacing(std::string_view expr) {
  if (expr.empty()) return CronError{"schedule is empty"};
  if (expr.find_first_of("\t\n\r\f\v") != std::string_view::npos) {
    return CronError{"schedule contains a tab or line break; separate fields with single spaces"};
  }
  if (expr.front() == ' ' || expr.back() == ' ') {
    return CronError{"schedule has leading or trailing spaces"};
  }
  if (expr.find("  ") != std::string_view::npos) {
    return CronError{"schedule has several spaces in a row; separate fields with single spaces "
                     "(the VolSync CRD pattern allows only one)"};
  }
  return std::nullopt;
}

bool is_zone_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '+' ||
         c == '-';
}

// Strips a CRON_TZ=/TZ= prefix; sets `had_zone`.
std::variant<std::string_view, CronError> strip_zone(std::string_view expr, bool& had_zone) {
  had_zone = false;
  for (std::string_view key : {std::string_view("CRON_TZ="), std::string_view("TZ=")}) {
    if (expr.substr(0, key.size()) != key) continue;
    had_zone = true;
    const auto space = expr.find(' ');
    if (space == std::string_view::npos) {
      return CronError{"time zone prefix " + quoted(expr) + " is not followed by a schedule"};
    }
    const std::string_view zone = expr.substr(key.size(), space - key.size());
    if (zone.empty()) return CronError{"time zone prefix has an empty zone"};
    for (char c : zone) {
      if (!is_zone_char(c)) {
        return CronError{"time zone " + quoted(zone) +
                         " is not a zone name like Europe/Berlin or UTC"};
      }
    }
    return expr.substr(space + 1);
  }
  return expr;
}

std::variant<CronSpec, CronError> parse_fields(std::string_view expr) {
  std::array<std::string_view, 5> parts;
  std::size_t n = 0;
  std::size_t pos = 0;
  while (pos <= expr.size()) {
    const auto space = expr.find(' ', pos);
    const auto end = space == std::string_view::npos ? expr.size() : space;
    if (n < parts.size()) parts[n] = expr.substr(pos, end - pos);
    ++n;
    pos = end + 1;
  }
  if (n != parts.size()) {
    return CronError{"schedule must have exactly 5 fields (minute hour day-of-month month "
                     "day-of-week), got " + std::to_string(n)};
  }
  // Every bad field is named, so one run of the check shows everything to fix.
  CronSpec spec;
  std::string errors;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (auto e = parse_field(static_cast<Field>(i), parts[i], spec)) errors += (errors.empty() ? "" : "; ") + e->message;
  }
  if (!errors.empty()) return CronError{errors};
  return spec;
}

std::variant<CronSpec, CronError> parse_cron(std::string_view expr) {
  if (auto e = check_spacing(expr)) return *e;
  bool had_zone = false;
  auto stripped = strip_zone(expr, had_zone);
  if (auto* e = std::get_if<CronError>(&stripped)) return *e;
  const std::string_view rest = std::get<std::string_view>(stripped);
  if (rest.empty() || rest.front() != '@') return parse_fields(rest);
  if (had_zone) {
    return CronError{"a time zone prefix before a descriptor is rejected by the VolSync CRD "
                     "pattern; write 5 fields instead"};
  }
  const std::string_view word = rest.substr(0, rest.find(' '));
  for (const auto& d : kDescriptors) {
    if (word != d.name) continue;
    if (!d.refusal.empty()) return CronError{std::string(d.refusal)};
    if (word != rest) return CronError{"descriptor " + quoted(word) + " must stand alone"};
    return parse_fields(d.expansion);
  }
  return CronError{"unknown descriptor " + quoted(word) +
                   "; use @yearly, @annually, @monthly, @weekly, @daily or @hourly"};
}

// ---- presets ----

enum class PresetKind { kHourly, kEveryHours, kDaily, kWeekly, kMonthly };

struct Preset {
  std::string_view name;
  PresetKind kind;
  int hours;  // period for kEveryHours
};

constexpr std::array<Preset, 10> kPresets = {{
    {"hourly", PresetKind::kHourly, 0},
    {"every-2h", PresetKind::kEveryHours, 2},
    {"every-3h", PresetKind::kEveryHours, 3},
    {"every-4h", PresetKind::kEveryHours, 4},
    {"every-6h", PresetKind::kEveryHours, 6},
    {"every-8h", PresetKind::kEveryHours, 8},
    {"every-12h", PresetKind::kEveryHours, 12},
    {"daily", PresetKind::kDaily, 0},
    {"weekly", PresetKind::kWeekly, 0},
    {"monthly", PresetKind::kMonthly, 0},
}};

}  // namespace

// FNV-1a alone leaves names that differ only in their last characters (pvc-1, pvc-2, ...) with
// correlated bit slices: measured 637 distinct minute/hour pairs for 2000 such names where
// independence gives ~1080. The MurmurHash3 finalizer spreads every input bit over the whole word.
std::uint64_t fmix64(std::uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

namespace {

struct Slots {
  int minute;
  int hour;
  int day;
};

// Disjoint 20-bit slices, so the minute says nothing about the hour or the day.
Slots slots_for(std::string_view seed) {
  const std::uint64_t h = fmix64(fnv1a64(seed));
  const auto slice = [h](int shift) { return static_cast<int>((h >> shift) & 0xFFFFF); };
  return {slice(44), slice(24), slice(4)};
}

std::string expand_preset(const Preset& p, const Slots& s, const SpreadWindow& w) {
  const std::string minute = std::to_string(s.minute % 60);
  const std::string hour = std::to_string(w.first_hour + s.hour % (w.last_hour - w.first_hour + 1));
  switch (p.kind) {
    case PresetKind::kHourly: return minute + " * * * *";
    case PresetKind::kEveryHours:
      return minute + " " + std::to_string(s.hour % p.hours) + "/" + std::to_string(p.hours) +
             " * * *";
    case PresetKind::kDaily: return minute + " " + hour + " * * *";
    case PresetKind::kWeekly: return minute + " " + hour + " * * " + std::to_string(s.day % 7);
    case PresetKind::kMonthly: return minute + " " + hour + " " + std::to_string(1 + s.day % 28) +
                                      " * *";
  }
  return {};
}

// ---- calendar (proleptic Gregorian, UTC), after Howard Hinnant's days_from_civil ----

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

struct Civil {
  std::int64_t year;
  int month;  // 1-12
  int day;    // 1-31
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

bool bit(std::uint64_t bits, std::int64_t v) { return (bits >> v) & 1U; }

bool day_matches(const CronSpec& s, std::int64_t days, const Civil& c) {
  const bool dom = bit(s.bits[kDom], c.day);
  const std::int64_t weekday = days + 4 - floor_div(days + 4, 7) * 7;  // 1970-01-01 was a Thursday
  const bool dow = bit(s.bits[kDow], weekday);
  if (s.dom_star || s.dow_star) return dom && dow;
  return dom || dow;
}

std::optional<std::int64_t> next_after(const CronSpec& s, std::int64_t after) {
  constexpr std::int64_t kDay = 86400;
  const std::int64_t first = (floor_div(after, 60) + 1) * 60;  // robfig runs at second 0
  std::int64_t days = floor_div(first, kDay);
  std::int64_t start_minute = (first - days * kDay) / 60;
  const std::int64_t year_limit = civil_from_days(days).year + 5;
  for (;; ++days, start_minute = 0) {
    const Civil c = civil_from_days(days);
    if (c.year > year_limit) return std::nullopt;
    if (!bit(s.bits[kMonth], c.month) || !day_matches(s, days, c)) continue;
    for (std::int64_t m = start_minute; m < 24 * 60; ++m) {
      if (bit(s.bits[kHour], m / 60) && bit(s.bits[kMinute], m % 60)) return days * kDay + m * 60;
    }
  }
}

}  // namespace

std::optional<CronError> check_cron(std::string_view expr) {
  auto r = parse_cron(expr);
  if (auto* e = std::get_if<CronError>(&r)) return *e;
  return std::nullopt;
}

std::uint64_t fnv1a64(std::string_view data) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

const std::vector<std::string_view>& schedule_presets() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (const auto& p : kPresets) v.push_back(p.name);
    return v;
  }();
  return names;
}

std::variant<ResolvedSchedule, CronError> resolve_schedule(std::string_view spec,
                                                           std::string_view seed,
                                                           const SpreadWindow& window) {
  for (const auto& p : kPresets) {
    if (spec != p.name) continue;
    if (window.first_hour < 0 || window.last_hour > 23 || window.first_hour > window.last_hour) {
      return CronError{"spread window " + std::to_string(window.first_hour) + "-" +
                       std::to_string(window.last_hour) + " is not within 0-23 with first <= last"};
    }
    return ResolvedSchedule{expand_preset(p, slots_for(seed), window), true};
  }
  if (auto e = check_cron(spec)) return *e;
  return ResolvedSchedule{std::string(spec), false};
}

namespace {

const Preset* find_preset(std::string_view name) {
  for (const auto& p : kPresets)
    if (p.name == name) return &p;
  return nullptr;
}

// Days a slot layout cycles over before the hour, and the hours each day: the slot is
// (day * hours + hour) * 60 + minute.
struct SlotShape {
  int days, hours;
};

SlotShape slot_shape(const Preset& p, const SpreadWindow& w) {
  const int window = w.last_hour - w.first_hour + 1;
  switch (p.kind) {
    case PresetKind::kHourly: return {1, 1};
    case PresetKind::kEveryHours: return {1, p.hours};
    case PresetKind::kDaily: return {1, window};
    case PresetKind::kWeekly: return {7, window};
    case PresetKind::kMonthly: return {28, window};
  }
  return {1, 1};
}

}  // namespace

std::optional<int> preset_slot_count(std::string_view preset, const SpreadWindow& window) {
  const Preset* p = find_preset(preset);
  if (p == nullptr) return std::nullopt;
  const SlotShape s = slot_shape(*p, window);
  return s.days * s.hours * 60;
}

std::string preset_cron_at(std::string_view preset, int slot, const SpreadWindow& window) {
  const Preset* p = find_preset(preset);
  if (p == nullptr) return {};
  const SlotShape s = slot_shape(*p, window);
  // expand_preset takes the minute, hour and day modulo their ranges: hand it the slot's parts.
  const Slots parts{slot % 60, (slot / 60) % s.hours, slot / 60 / s.hours};
  return expand_preset(*p, parts, window);
}

std::vector<std::int64_t> next_runs(std::string_view cron, std::int64_t after_unix_seconds,
                                    int count) {
  std::vector<std::int64_t> out;
  auto parsed = parse_cron(cron);
  const auto* spec = std::get_if<CronSpec>(&parsed);
  if (spec == nullptr) return out;
  std::int64_t t = after_unix_seconds;
  for (int i = 0; i < count; ++i) {
    auto next = next_after(*spec, t);
    if (!next) break;
    out.push_back(*next);
    t = *next;
  }
  return out;
}

}  // namespace vg
