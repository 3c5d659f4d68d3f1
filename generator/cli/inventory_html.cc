#include "cli/inventory_html.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>

#include "cli/inventory_credentials.h"
#include "cli/inventory_starts.h"
#include "cli/inventory_svg.h"
#include "cli/inventory_text.h"
#include "krm/quantity.h"
#include "krm/redact.h"
#include "volsync/schedule.h"

namespace vg {
namespace {

constexpr std::string_view kPageStyle = R"(
:root{color-scheme:light dark;--fg:#1d2125;--bg:#fff;--muted:#5c6670;--line:#d5dae0;--head:#f1f3f5;--warn:#8a4b00;--warn-bg:#fff4e0}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ec;--bg:#14181d;--muted:#a3adb8;--line:#36404b;--head:#1f2630;--warn:#ffc46b;--warn-bg:#2d2414}}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:1rem 1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:2rem}
.meta,figcaption,.note{color:var(--muted)}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--head)}td.num,th.num{text-align:right}
code{font-size:.85rem;overflow-wrap:anywhere}
.cards{display:flex;flex-wrap:wrap;gap:1rem;padding:0;margin:.5rem 0;list-style:none}
.cards li{border:1px solid var(--line);border-radius:6px;padding:.5rem .9rem;min-width:9rem}
.cards strong{display:block;font-size:1.4rem}
.chart{overflow-x:auto}.chart svg{max-width:100%;height:auto}
.warning{color:var(--warn);background:var(--warn-bg);border-left:4px solid var(--warn);padding:.3rem .6rem;list-style:none;margin:.3rem 0}
.warning::before{content:"\26A0\FE0E  Warning: ";font-weight:bold}
nav ul{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}
a{color:inherit}
@media print{body{max-width:none;font-size:10pt;color:#000;background:#fff}nav{display:none}
tr,li,figure{break-inside:avoid}thead{display:table-header-group}.warning{color:#000;background:none;border-left:3px solid #000}}
)";

std::string esc(std::string_view s) { return xml_escape(s); }

std::string utc_minute(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

std::string repository_base(const Repository& repo, const Config& config) {
  std::string base = repo.url;
  if (base.empty()) {
    for (const std::string* part : {&repo.endpoint, &repo.bucket, &repo.prefix, &repo.nfs_server, &repo.nfs_path, &repo.pvc})
      if (!part->empty()) base += (base.empty() ? "" : "/") + *part;
  }
  if (base.empty()) base = config.repository;
  return redact_url_credentials(base);
}

// One row per PVC and repository, in reading order: namespace, PVC, repository.
struct Row {
  const BackupPlan* plan;
  const RepoPlan* rp;
};

std::vector<Row> rows_of(const std::vector<BackupPlan>& plans, const Config& config) {
  std::vector<Row> rows;
  for (const auto& p : plans)
    for (const auto& rp : p.repos) rows.push_back({&p, &rp});
  std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    return std::tie(a.plan->pvc.namespace_, a.plan->pvc.name, config.repositories[a.rp->repo_index].name) <
           std::tie(b.plan->pvc.namespace_, b.plan->pvc.name, config.repositories[b.rp->repo_index].name);
  });
  return rows;
}

std::string card(std::string_view value, std::string_view label) {
  return "<li><strong>" + esc(value) + "</strong>" + esc(label) + "</li>";
}

std::string summary_cards(const InventoryView& v) {
  const FunctionResult& r = v.result;
  long double bytes = 0;
  std::size_t schedules = 0;
  for (const auto& p : r.plans) {
    if (auto q = quantity_value(p.pvc.storage)) bytes += *q;
    schedules += p.repos.size();
  }
  std::set<std::string> namespaces;
  for (const auto& p : r.plans) namespaces.insert(p.pvc.namespace_);
  return "<ul class=\"cards\">" + card(std::to_string(r.plans.size()), "PVCs backed up") +
         card(std::to_string(r.unselected.size()), "PVCs not backed up") +
         card(std::to_string(namespaces.size()), "namespaces with backups") + card(capacity_text(bytes), "capacity backed up") +
         card(std::to_string(schedules), "backup schedules") +
         card(std::to_string(r.config->repositories.size()), "repositories") + "</ul>\n";
}

std::string namespace_table(const FunctionResult& r) {
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> by_ns;
  for (const auto& p : r.plans) by_ns[p.pvc.namespace_].first.push_back(p.pvc.name);
  for (const auto& [ns, name] : r.unselected) by_ns[ns].second.push_back(name);
  std::string s = "<table><caption>PVCs by namespace</caption><thead><tr><th scope=\"col\">namespace</th>"
                  "<th scope=\"col\" class=\"num\">backed up</th><th scope=\"col\" class=\"num\">not backed up</th>"
                  "<th scope=\"col\">not backed up</th></tr></thead><tbody>\n";
  for (auto& [ns, lists] : by_ns) {
    std::sort(lists.second.begin(), lists.second.end());
    std::string names;
    for (const auto& n : lists.second) names += (names.empty() ? "" : ", ") + esc(n);
    s += "<tr><th scope=\"row\">" + esc(ns.empty() ? "(none)" : ns) + "</th><td class=\"num\">" +
         std::to_string(lists.first.size()) + "</td><td class=\"num\">" + std::to_string(lists.second.size()) +
         "</td><td>" + names + "</td></tr>\n";
  }
  return s + "</tbody></table>\n";
}

std::string repository_table(const FunctionResult& r) {
  const Config& c = *r.config;
  std::string s = "<table><caption>Repositories</caption><thead><tr><th scope=\"col\">repository</th>"
                  "<th scope=\"col\">backend</th><th scope=\"col\">base</th><th scope=\"col\">credentials</th>"
                  "<th scope=\"col\" class=\"num\">PVCs</th></tr></thead><tbody>\n";
  for (std::size_t i = 0; i < c.repositories.size(); ++i) {
    const Repository& repo = c.repositories[i];
    std::size_t pvcs = 0;
    for (const auto& p : r.plans)
      pvcs += std::any_of(p.repos.begin(), p.repos.end(), [&](const RepoPlan& rp) { return rp.repo_index == i; });
    s += "<tr><th scope=\"row\">" + esc(repo.name.empty() ? "default" : repo.name) + (repo.primary ? " (primary)" : "") +
         "</th><td>" + esc(backend_name(repo.backend)) + "</td><td><code>" + esc(repository_base(repo, c)) +
         "</code></td><td>" + esc(credentials_mode_name(repo.credentials.mode)) + "</td><td class=\"num\">" +
         std::to_string(pvcs) + "</td></tr>\n";
  }
  return s + "</tbody></table>\n";
}

std::string count_table(std::string_view caption, std::string_view what, const std::map<std::string, std::size_t>& counts) {
  std::string s = "<table><caption>" + esc(caption) + "</caption><thead><tr><th scope=\"col\">" + esc(what) +
                  "</th><th scope=\"col\" class=\"num\">count</th></tr></thead><tbody>\n";
  for (const auto& [k, n] : counts)
    s += "<tr><th scope=\"row\">" + esc(k) + "</th><td class=\"num\">" + std::to_string(n) + "</td></tr>\n";
  return s + "</tbody></table>\n";
}

std::string summary_section(const InventoryView& v) {
  const FunctionResult& r = v.result;
  std::map<std::string, std::size_t> restore, credentials;
  for (const auto& p : r.plans) {
    restore[p.settings.restore_mode]++;
    for (const auto& rp : p.repos) credentials[credentials_mode_name(r.config->repositories[rp.repo_index].credentials.mode)]++;
  }
  return "<section id=\"summary\" aria-labelledby=\"summary-h\"><h2 id=\"summary-h\">Summary</h2>\n" + summary_cards(v) +
         namespace_table(r) + repository_table(r) + count_table("Restore modes (PVCs)", "restore mode", restore) +
         count_table("Credentials modes (schedules)", "credentials mode", credentials) + "</section>\n";
}

std::string starts_list(const BackupStarts& starts, long long crowded_above) {
  std::string s = "<details><summary>Every start of the next 24 hours as a table</summary>\n<table><caption>Backup "
                  "starts in the next 24 hours (UTC)</caption><thead><tr><th scope=\"col\">time (UTC)</th>"
                  "<th scope=\"col\" class=\"num\">starts</th><th scope=\"col\">PVCs</th></tr></thead><tbody>\n";
  for (const auto& [when, who] : starts.day) {
    std::string names;
    for (const auto& w : who) names += (names.empty() ? "" : ", ") + esc(w);
    const bool crowded = static_cast<long long>(who.size()) > crowded_above;
    s += "<tr><th scope=\"row\">" + clock_text(when.first, when.second) + "</th><td class=\"num\">" +
         std::to_string(who.size()) + (crowded ? " (crowded)" : "") + "</td><td>" + names + "</td></tr>\n";
  }
  return s + "</tbody></table></details>\n";
}

// inventory's own warnings: (group, text).
std::vector<std::pair<std::string, std::string>> inventory_warnings(const BackupStarts& starts, long long crowded_above,
                                                                    const std::vector<CronPileUp>& pileups) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [when, who] : starts.day)
    if (static_cast<long long>(who.size()) > crowded_above)
      out.emplace_back("inventory: crowded minute", std::to_string(who.size()) + " backups start at " +
                                                        clock_text(when.first, when.second) + " UTC (more than " +
                                                        std::to_string(crowded_above) + ")");
  for (const auto& p : pileups) out.emplace_back("inventory: explicit crons pile up", pileup_text(p));
  return out;
}

std::string starts_section(const InventoryView& v, const BackupStarts& starts, const std::vector<CronPileUp>& pileups) {
  std::string s = "<section id=\"starts\" aria-labelledby=\"starts-h\"><h2 id=\"starts-h\">When backups start</h2>\n"
                  "<figure class=\"chart\">" + heatmap_svg(starts, v.crowded_above, pileups, false) +
                  "<figcaption>" + esc(heatmap_summary(starts, v.crowded_above)) + "</figcaption></figure>\n";
  const auto warnings = inventory_warnings(starts, v.crowded_above, pileups);
  if (!warnings.empty()) {
    s += "<ul>";
    for (const auto& w : warnings) s += "<li class=\"warning\">" + esc(w.second) + "</li>";
    s += "</ul>\n";
  }
  s += starts_list(starts, v.crowded_above);
  s += "<h3>Weekly and monthly schedules, the next 7 days</h3>\n<figure class=\"chart\">" + week_strip_svg(starts) +
       "<figcaption>Schedules that do not run every day, by day and hour (UTC); hover a cell for its PVCs.";
  if (!starts.later.empty()) {
    std::string later;
    for (const auto& w : starts.later) later += (later.empty() ? "" : ", ") + w;
    s += " Not within these 7 days: " + esc(later) + " (see their next runs below).";
  }
  return s + "</figcaption></figure>\n</section>\n";
}

std::string backups_section(const InventoryView& v) {
  const FunctionResult& r = v.result;
  const Config& c = *r.config;
  std::string s = "<section id=\"backups\" aria-labelledby=\"backups-h\"><h2 id=\"backups-h\">Backups</h2>\n"
                  "<table><caption>One row per PVC and repository, sorted by namespace, then PVC</caption><thead><tr>"
                  "<th scope=\"col\">namespace</th><th scope=\"col\">PVC</th><th scope=\"col\" class=\"num\">size</th>"
                  "<th scope=\"col\">repository</th><th scope=\"col\">schedule</th><th scope=\"col\">next runs (UTC)</th>"
                  "<th scope=\"col\">retain</th><th scope=\"col\">restore</th><th scope=\"col\">credentials</th>"
                  "<th scope=\"col\">mover</th></tr></thead><tbody>\n";
  for (const Row& row : rows_of(r.plans, c)) {
    const Repository& repo = c.repositories[row.rp->repo_index];
    std::string next;
    for (auto t : next_runs(row.rp->schedule, v.now, v.runs)) next += (next.empty() ? "" : "<br>") + utc_minute(t);
    const std::string path = inventory_repository_text(*row.rp, row.plan->pvc.namespace_);
    s += "<tr><td>" + esc(row.plan->pvc.namespace_) + "</td><th scope=\"row\">" + esc(row.plan->pvc.name) +
         "</th><td class=\"num\">" + esc(row.plan->pvc.storage) + "</td><td>" +
         esc(repo.name.empty() ? "default" : repo.name) + "<br><code>" + esc(path) + "</code></td><td><code>" +
         esc(row.rp->schedule) + "</code>" + (row.rp->schedule_from_preset ? "<br>" + esc(row.rp->settings.schedule) : "") +
         "</td><td>" + next + "</td><td>" + esc(inventory_retain_text(*row.rp)) + "</td><td>" +
         esc(row.plan->settings.restore_mode) + "</td><td>" + esc(credentials_mode_name(repo.credentials.mode)) + "<br>" +
         esc(credentials_source_name(c, row.rp->repo_index, row.plan->pvc.namespace_)) + "</td><td>" +
         esc(row.rp->settings.mover) + "</td></tr>\n";
  }
  return s + "</tbody></table>\n</section>\n";
}

std::string finding_where(const Finding& f) {
  std::string where;
  if (!f.resource.kind.empty())
    where = f.resource.kind + " " + (f.resource.namespace_.empty() ? "" : f.resource.namespace_ + "/") + f.resource.name;
  if (!f.file.empty()) where += (where.empty() ? "" : ", ") + f.file + (f.line ? ":" + std::to_string(f.line) : "");
  if (!f.field.empty()) where += (where.empty() ? "" : ", ") + f.field;
  return where;
}

std::string warnings_section(const InventoryView& v, const BackupStarts& starts, const std::vector<CronPileUp>& pileups) {
  std::map<std::string, std::vector<std::string>> by_rule;
  for (const Finding& f : v.result.findings) {
    if (f.severity == Severity::kError) continue;
    const std::string where = finding_where(f);
    by_rule[f.rule].push_back(f.message + (where.empty() ? "" : " (" + where + ")") + (f.hint.empty() ? "" : ". " + f.hint));
  }
  for (const auto& [group, text] : inventory_warnings(starts, v.crowded_above, pileups)) by_rule[group].push_back(text);
  std::string s = "<section id=\"warnings\" aria-labelledby=\"warnings-h\"><h2 id=\"warnings-h\">Warnings</h2>\n";
  if (by_rule.empty()) return s + "<p>No warnings.</p>\n</section>\n";
  for (const auto& [rule, messages] : by_rule) {
    s += "<h3><code>" + esc(rule) + "</code> (" + std::to_string(messages.size()) + ")</h3>\n<ul>";
    for (const auto& m : messages) s += "<li>" + esc(redact_url_credentials(m)) + "</li>";
    s += "</ul>\n";
  }
  return s + "</section>\n";
}

}  // namespace

std::string capacity_text(long double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int u = 0;
  while (bytes >= 1024 && u < 5) bytes /= 1024, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, bytes < 10 && u > 0 && bytes != static_cast<long long>(bytes) ? "%.1Lf %s" : "%.0Lf %s",
                bytes, units[u]);
  return buf;
}

std::string inventory_html(const InventoryView& v) {
  const FunctionResult& r = v.result;
  const BackupStarts starts = backup_starts(r.plans, *r.config, v.now);
  const std::vector<CronPileUp> pileups = explicit_cron_pileups(r.plans, *r.config, v.now);
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"color-scheme\" content=\"light dark\">\n<title>Backup inventory (volsync-gen)</title>\n"
                  "<style>" + std::string(kPageStyle) + std::string(chart_style()) + "</style>\n</head>\n<body>\n";
  s += "<header><h1>Backup inventory</h1><p class=\"meta\">What volsync-gen backs up, where and when, as of <time datetime=\"" +
       utc_minute(v.now) + "Z\">" + utc_minute(v.now) + " UTC</time>. All times are UTC.</p></header>\n";
  s += "<nav aria-label=\"Sections\"><ul><li><a href=\"#summary\">Summary</a></li><li><a href=\"#starts\">When backups "
       "start</a></li><li><a href=\"#backups\">Backups</a></li><li><a href=\"#warnings\">Warnings</a></li></ul></nav>\n<main>\n";
  s += summary_section(v) + starts_section(v, starts, pileups) + backups_section(v) + warnings_section(v, starts, pileups);
  return s + "</main>\n</body>\n</html>\n";
}

}  // namespace vg
