#include "volsync/kopia_mover.h"

#include <algorithm>

#include "krm/suggest.h"

namespace vg {
namespace {

std::optional<std::string> not_one_of(std::string_view v, const std::vector<std::string>& allowed,
                                      std::string_view what) {
  if (std::find(allowed.begin(), allowed.end(), v) != allowed.end()) return std::nullopt;
  std::string msg = "\"" + std::string(v) + "\" is not " + std::string(what) + " (";
  for (std::size_t i = 0; i < allowed.size(); ++i) msg += (i ? ", " : "") + allowed[i];
  msg += ")";
  const std::string guess = closest(v, allowed);
  if (!guess.empty()) msg += "; did you mean " + guess + "?";
  return msg;
}

}  // namespace

std::optional<std::string> mover_error(std::string_view v) {
  static const std::vector<std::string> movers = {std::string(kMoverRestic), std::string(kMoverKopia)};
  return not_one_of(v, movers, "a mover");
}

const std::vector<std::string>& kopia_compressions() {
  static const std::vector<std::string> names = {
      "s2-default",       "s2-better",         "s2-parallel-4",      "s2-parallel-8",
      "zstd",             "zstd-fastest",      "zstd-better-compression", "zstd-best-compression",
      "gzip",             "gzip-best-speed",   "gzip-best-compression",   "pgzip",
      "pgzip-best-speed", "pgzip-best-compression", "deflate-best-speed", "deflate-default",
      "deflate-best-compression", "lz4",   "none",
  };
  return names;
}

std::optional<std::string> kopia_compression_error(std::string_view v) {
  return not_one_of(v, kopia_compressions(), "a Kopia compression");
}

Retain kopia_default_retain() {
  Retain r;
  r.latest = 10;
  r.hourly = 48;
  r.daily = 7;
  r.weekly = 4;
  r.monthly = 24;
  r.yearly = 3;
  return r;
}

Retain kopia_effective_retain(const Retain& r) {
  const Retain d = kopia_default_retain();
  Retain out;
  out.latest = r.latest ? r.latest : d.latest;
  out.hourly = r.hourly ? r.hourly : d.hourly;
  out.daily = r.daily ? r.daily : d.daily;
  out.weekly = r.weekly ? r.weekly : d.weekly;
  out.monthly = r.monthly ? r.monthly : d.monthly;
  out.yearly = r.yearly ? r.yearly : d.yearly;
  return out;
}

std::optional<std::string> retain_mover_error(const Retain& r, std::string_view mover) {
  if (mover == kMoverKopia) {
    if (r.within) return std::string("retain.within is restic's; the kopia mover keeps counts only (hourly, daily, "
                                     "weekly, monthly, yearly, latest)");
    if (r.last) return std::string("retain.last is restic's; the kopia mover's key is latest");
  } else if (r.latest) {
    return std::string("retain.latest is kopia's; the restic mover's key is last");
  }
  return std::nullopt;
}

}  // namespace vg
