#include "volsync/schedule_spread.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace vg {
namespace {

// Independent hashes of one key: its turn, its first place and its step.
constexpr std::uint64_t kTurn = 0x9e3779b97f4a7c15ULL, kStart = 0xc2b2ae3d27d4eb4fULL,
                        kStep = 0x165667b19e3779f9ULL;

struct Probe {
  int start, step;
};

Probe probe_for(std::uint64_t key, int places) {
  const auto p = static_cast<std::uint64_t>(places);
  const int start = static_cast<int>(fmix64(key ^ kStart) % p);
  if (places <= 2) return {start, 1};
  int step = 1 + static_cast<int>(fmix64(key ^ kStep) % (p - 1));
  while (std::gcd(step, places) != 1) step = step % (places - 1) + 1;
  return {start, step};
}

}  // namespace

std::vector<int> spread_slots(const std::vector<std::uint64_t>& keys, int places,
                              const std::vector<bool>& shunned) {
  std::vector<int> out(keys.size(), 0);
  if (places <= 0) return out;
  std::vector<std::size_t> turn(keys.size());
  std::iota(turn.begin(), turn.end(), std::size_t{0});
  std::stable_sort(turn.begin(), turn.end(), [&](std::size_t a, std::size_t b) {
    return fmix64(keys[a] ^ kTurn) < fmix64(keys[b] ^ kTurn);
  });
  std::vector<std::size_t> load(static_cast<std::size_t>(places), 0);
  std::size_t open_unshunned = 0;  // places free in this layer that are not shunned
  for (std::size_t k = 0; k < turn.size(); ++k) {
    const std::size_t layer = k / static_cast<std::size_t>(places);
    if (k % static_cast<std::size_t>(places) == 0 && !shunned.empty())
      open_unshunned = static_cast<std::size_t>(std::count(shunned.begin(), shunned.end(), false));
    const Probe probe = probe_for(keys[turn[k]], places);
    // In layer L, k - L*places places already hold L+1 keys and the rest L: one is always free.
    // The first pass passes over the shunned places, the second takes any. The first is skipped
    // when it cannot succeed: it would visit every place for nothing (10 000 daily PVCs after 60
    // hourly minutes were taken: 3 million probes).
    bool placed = false;
    for (int pass = shunned.empty() || open_unshunned == 0 ? 1 : 0; pass < 2 && !placed; ++pass)
      for (int i = 0, place = probe.start; i < places; ++i, place = (place + probe.step) % places) {
        const auto p = static_cast<std::size_t>(place);
        if (load[p] != layer || (pass == 0 && shunned[p])) continue;
        ++load[p];
        if (!shunned.empty() && !shunned[p]) --open_unshunned;
        out[turn[k]] = place;
        placed = true;
        break;
      }
  }
  return out;
}

ScheduleSpread::ScheduleSpread(const Config& config)
    : config_(config), window_{config.spread_first_hour, config.spread_last_hour} {}

std::string ScheduleSpread::seed(const BackupPlan& plan, const RepoPlan& rp) const {
  const std::string& repo = config_.repositories[rp.repo_index].name;
  return plan.pvc.namespace_ + "/" + plan.pvc.name + (repo.empty() ? "" : "/" + repo);
}

void ScheduleSpread::add(const BackupPlan& plan) {
  for (const RepoPlan& rp : plan.repos)
    if (rp.schedule_from_preset) requests_.push_back({seed(plan, rp), rp.settings.schedule});
}

void ScheduleSpread::assign() {
  // Sorted by seed, so that the input's order says nothing; each preset is spread on its own.
  std::sort(requests_.begin(), requests_.end(),
            [](const Request& a, const Request& b) { return a.seed < b.seed; });
  std::map<std::string_view, std::vector<const Request*>> by_preset;
  for (const Request& r : requests_) by_preset[r.preset].push_back(&r);
  std::vector<bool> minute_used(60, false);  // by the presets placed so far
  for (std::string_view preset : schedule_presets()) {
    const auto group = by_preset.find(preset);
    const auto places = preset_slot_count(preset, window_);
    if (group == by_preset.end() || !places) continue;
    std::vector<std::uint64_t> keys;
    keys.reserve(group->second.size());
    for (const Request* r : group->second) keys.push_back(fnv1a64(r->seed));
    std::vector<bool> shunned(static_cast<std::size_t>(*places));
    for (std::size_t p = 0; p < shunned.size(); ++p) shunned[p] = minute_used[p % 60];  // a place's minute is place % 60
    const std::vector<int> slots = spread_slots(keys, *places, shunned);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      cron_[group->second[i]->seed] = preset_cron_at(preset, slots[i], window_);
      minute_used[static_cast<std::size_t>(slots[i] % 60)] = true;
    }
  }
  requests_.clear();
  requests_.shrink_to_fit();
}

void ScheduleSpread::apply(BackupPlan& plan) const {
  for (RepoPlan& rp : plan.repos) {
    if (!rp.schedule_from_preset) continue;
    if (auto it = cron_.find(seed(plan, rp)); it != cron_.end()) rp.schedule = it->second;
  }
}

}  // namespace vg
