#include "cli/inventory_text.h"

#include <cstdint>
#include <optional>

#include "krm/redact.h"
#include "volsync/kopia_mover.h"
#include "volsync/kopia_plan.h"

namespace vg {
namespace {

std::string restic_retain_text(const Retain& r) {
  std::string out;
  auto add = [&](const char* k, const std::string& v) { out += (out.empty() ? "" : " ") + std::string(k) + "=" + v; };
  if (r.hourly) add("hourly", std::to_string(*r.hourly));
  if (r.daily) add("daily", std::to_string(*r.daily));
  if (r.weekly) add("weekly", std::to_string(*r.weekly));
  if (r.monthly) add("monthly", std::to_string(*r.monthly));
  if (r.yearly) add("yearly", std::to_string(*r.yearly));
  if (r.within) add("within", *r.within);
  if (r.last) add("last", *r.last);
  return out;
}

std::string kopia_retain_text(const Retain& r) {
  const Retain full = kopia_effective_retain(r);
  std::string out;
  auto add = [&](const char* k, const std::optional<std::int64_t>& set, const std::optional<std::int64_t>& v) {
    out += (out.empty() ? "" : " ") + std::string(k) + "=" + std::to_string(*v) + (set ? "" : " (kopia default)");
  };
  add("hourly", r.hourly, full.hourly);
  add("daily", r.daily, full.daily);
  add("weekly", r.weekly, full.weekly);
  add("monthly", r.monthly, full.monthly);
  add("yearly", r.yearly, full.yearly);
  add("latest", r.latest, full.latest);
  return out;
}

}  // namespace

std::string inventory_retain_text(const RepoPlan& rp) {
  return is_kopia(rp) ? kopia_retain_text(rp.settings.retain) : restic_retain_text(rp.settings.retain);
}

std::string inventory_repository_text(const RepoPlan& rp, const std::string& ns) {
  if (!rp.repository.empty()) return redact_url_credentials(rp.repository);
  return std::string(is_kopia(rp) ? "KOPIA_REPOSITORY" : "RESTIC_REPOSITORY") + " of Secret " + ns + "/" +
         rp.secret_name;
}

}  // namespace vg
