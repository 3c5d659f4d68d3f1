// How stable the schedule spread is (issue 16): for clusters of N PVCs with preset schedules, how many
// of them change their start when one PVC is added, on average and at most, with the whole-plan spread
// (volsync/schedule_spread.h) and with the hash per PVC used before it; and how often two PVCs share a
// minute with each. Deterministic: the clusters are made from a fixed list of names.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "volsync/schedule.h"
#include "volsync/schedule_spread.h"

namespace {

constexpr const char* kNamespaces[] = {"media", "home", "databases", "monitoring", "auth", "downloads", "games",
                                       "office", "ai", "network", "storage", "dev"};
constexpr const char* kApps[] = {"plex", "jellyfin", "sonarr", "radarr", "paperless", "immich", "postgres",
                                 "grafana", "prometheus", "authentik", "nextcloud", "vaultwarden", "gitea",
                                 "minecraft", "ollama", "home-assistant", "zigbee2mqtt", "mosquitto", "frigate",
                                 "qbittorrent", "bazarr", "prowlarr", "lidarr", "readarr", "tautulli", "unifi"};

// The PVC seeds ("namespace/pvc") of cluster `c` with `n` PVCs, and one more not among them.
std::vector<std::string> cluster(int c, int n) {
  std::vector<std::string> seeds;
  std::set<std::string> seen;
  for (int i = 0; static_cast<int>(seeds.size()) < n + 1; ++i) {
    const std::uint64_t h = vg::fmix64(static_cast<std::uint64_t>(c) * 1000003u + static_cast<std::uint64_t>(i));
    std::string seed = std::string(kNamespaces[h % 12]) + "/" + kApps[(h >> 8) % 26] +
                       ((h >> 16) % 3 == 0 ? "-config" : "-data") + ((h >> 20) % 4 == 0 ? "-" + std::to_string(i) : "");
    if (seen.insert(seed).second) seeds.push_back(seed);
  }
  return seeds;
}

struct Stats {
  double moved_sum = 0;
  std::size_t moved_max = 0, collided_sum = 0, collided_max = 0;
};

std::vector<std::string> spread(const std::vector<std::string>& seeds, std::string_view preset, const vg::SpreadWindow& w) {
  std::vector<std::uint64_t> keys;
  for (const auto& s : seeds) keys.push_back(vg::fnv1a64(s));
  const auto places = vg::spread_slots(keys, *vg::preset_slot_count(preset, w));
  std::vector<std::string> out;
  for (int p : places) out.push_back(vg::preset_cron_at(preset, p, w));
  return out;
}

std::vector<std::string> hashed(const std::vector<std::string>& seeds, std::string_view preset, const vg::SpreadWindow& w) {
  std::vector<std::string> out;
  for (const auto& s : seeds) out.push_back(std::get<vg::ResolvedSchedule>(vg::resolve_schedule(preset, s, w)).cron);
  return out;
}

// Starts in the busiest minute.
std::size_t collided(const std::vector<std::string>& crons) {
  std::map<std::string, std::size_t> n;
  for (const auto& c : crons) n[c]++;
  std::size_t k = 0;
  for (const auto& [c, count] : n) k = std::max(k, count);
  return k;
}

template <typename F>
Stats measure(int n, int trials, std::string_view preset, const vg::SpreadWindow& w, F place) {
  Stats s;
  for (int c = 0; c < trials; ++c) {
    auto seeds = cluster(c, n);
    const std::string added = seeds.back();
    seeds.pop_back();
    const auto before = place(seeds, preset, w);
    seeds.push_back(added);
    const auto after = place(seeds, preset, w);
    std::size_t moved = 0;
    for (std::size_t i = 0; i < before.size(); ++i) moved += before[i] != after[i];
    s.moved_sum += static_cast<double>(moved);
    s.moved_max = std::max(s.moved_max, moved);
    const std::size_t col = collided(before);
    s.collided_sum += col;
    s.collided_max = std::max(s.collided_max, col);
  }
  return s;
}

}  // namespace

int main() {
  const int trials = 1000;
  struct Case {
    const char* preset;
    vg::SpreadWindow window;
    const char* label;
  };
  const Case cases[] = {{"hourly", {0, 23}, "hourly (60 minutes)"},
                        {"daily", {1, 5}, "daily, spreadHours 1-5 (300 minutes)"},
                        {"daily", {0, 23}, "daily, spreadHours 0-23 (1440 minutes)"}};
  std::printf("%d clusters per size; moved = PVCs of the cluster whose start changes when one PVC is added;\n"
              "busiest = starts in the busiest minute of the cluster (before the addition)\n\n", trials);
  std::printf("| schedules | N PVCs | spread: moved avg | max | busiest avg | max | hash: moved avg | max | busiest avg | max |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const Case& k : cases)
    for (int n : {10, 50, 200}) {
      const Stats a = measure(n, trials, k.preset, k.window, spread);
      const Stats b = measure(n, trials, k.preset, k.window, hashed);
      std::printf("| %s | %d | %.2f | %zu | %.2f | %zu | %.2f | %zu | %.2f | %zu |\n", k.label, n, a.moved_sum / trials,
                  a.moved_max, static_cast<double>(a.collided_sum) / trials, a.collided_max, b.moved_sum / trials,
                  b.moved_max, static_cast<double>(b.collided_sum) / trials, b.collided_max);
    }
  return 0;
}
