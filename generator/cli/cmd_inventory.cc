// volsync-gen inventory: what the function would back up, where and when, as a table people read,
// plus a per-hour histogram of backup starts so a stampede is visible before it happens.
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/commands.h"
#include "cli/function.h"
#include "cli/inventory_policy.h"
#include "cli/inventory_text.h"
#include "cli/inventory_credentials.h"
#include "cli/inventory_html.h"
#include "cli/inventory_starts.h"
#include "cli/inventory_svg.h"
#include "cli/options.h"
#include "krm/io.h"
#include "krm/json_quote.h"
#include "krm/redact.h"
#include "volsync/kopia_mover.h"
#include "volsync/kopia_plan.h"
#include "volsync/schedule.h"

namespace vg {
namespace {

struct Row {
  std::string ns, pvc, size, repository_name, repository, schedule, next, retain, restore, credentials,
      credentials_source, policy;
  std::string mover;
};

std::string utc(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%MZ", &tm);
  return buf;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

int cmd_inventory(int argc, char** argv) {
  CommandLine cl("volsync-gen inventory",
                 "Lists every selected PVC with its repositories, spread schedules, next runs (UTC), retain,\n"
                 "restore and credentials mode and source, per credentials source the namespaces that\n"
                 "receive it, the namespace policy and the PVCs it refuses, and a per-hour histogram of\n"
                 "backup starts; html: one self-contained page with a heatmap of backup starts, svg: the\n"
                 "heatmap alone. Warns where explicit crons start together.\n"
                 "Input: a ResourceList (with functionConfig) on stdin or in FILE.\n\n"
                 "Exit status: 0 success, 1 errors in the input (on stderr), 2 usage error or unreadable\n"
                 "input, 3 a minute has more backup starts than --max-per-minute.",
                 0);
  cl.add_format("markdown, json, csv, html, svg", "markdown");
  cl.add()
      ("now", "compute runs after this Unix time (default: now)", cxxopts::value<std::int64_t>())
      ("runs", "next runs listed per schedule (1 to 1000)", cxxopts::value<long long>()->default_value("3"))
      ("max-per-minute", "flag any minute with more backup starts than this (0 to 1000000)",
       cxxopts::value<long long>()->default_value("3"));
  cl.positional("file", "[FILE]");
  int exit = 0;
  auto parsed = cl.parse(argc, argv, exit);
  if (!parsed) return exit;
  const cxxopts::ParseResult& args = *parsed;
  const auto format_name = cl.format(args, {"markdown", "json", "csv", "html", "svg"});
  if (!format_name) return 2;
  const std::string& format = *format_name;
  const auto files = cl.positionals(args, "file", 1);
  const auto runs = cl.count(args, "runs", 1, 1000);
  const auto max_per_minute = cl.count(args, "max-per-minute", 0, 1000000);
  if (!files || !runs || !max_per_minute) return 2;
  FunctionOptions opt;
  opt.pieces_only = true;  // only the plans are read: the output is never joined
  bool too_large = false;
  auto input = !files->empty() ? read_file(files->front(), opt.limits.max_input_bytes, too_large)
                                  : read_all(stdin, opt.limits.max_input_bytes, too_large);
  if (!input) {
    std::cerr << "volsync-gen inventory: cannot read the input" << (too_large ? " (too large)" : "") << '\n';
    return 2;
  }
  FunctionResult r = run_function(*input, opt);
  for (const auto& f : r.findings)
    if (f.severity == Severity::kError) std::cerr << "volsync-gen: " << f.to_text() << '\n';
  if (!r.ok) return 1;

  const std::int64_t now = args.count("now") ? args["now"].as<std::int64_t>() : static_cast<std::int64_t>(std::time(nullptr));
  std::vector<Row> rows;
  std::map<int, int> per_hour;                // hour of day -> starts in the next 24 h
  std::map<std::int64_t, int> per_minute;     // minute -> starts in the next 24 h
  for (const auto& plan : r.plans)
    for (const auto& rp : plan.repos) {
      const Repository& repo = r.config->repositories[rp.repo_index];
      Row row{plan.pvc.namespace_, plan.pvc.name, plan.pvc.storage, repo.name.empty() ? "default" : repo.name,
              inventory_repository_text(rp, plan.pvc.namespace_), rp.schedule, "", inventory_retain_text(rp), plan.settings.restore_mode, credentials_mode_name(repo.credentials.mode),
              credentials_source_name(*r.config, rp.repo_index, plan.pvc.namespace_),
              policy_verdict_text(r.config->namespaces, plan.pvc.namespace_)};
      row.mover = rp.settings.mover;
      for (auto t : next_runs(rp.schedule, now, static_cast<int>(*runs))) row.next += (row.next.empty() ? "" : " ") + utc(t);
      for (auto t : next_runs(rp.schedule, now, 24 * 60)) {
        if (t > now + 24 * 3600) break;
        per_hour[static_cast<int>((t / 3600) % 24)]++;
        per_minute[t / 60]++;
      }
      rows.push_back(row);
    }
  std::vector<std::pair<std::int64_t, int>> crowded;
  for (const auto& [m, n] : per_minute)
    if (n > *max_per_minute) crowded.emplace_back(m, n);

  const std::vector<CredentialsSource> sources = credentials_sources(*r.config, r.plans);
  const std::vector<RefusedPvc> refused = refused_by_policy(r.findings, r.config->namespaces);
  const std::vector<CronPileUp> pileups = explicit_cron_pileups(r.plans, *r.config, now);
  if (format == "csv" || format == "svg")  // no place for prose in the output
    for (const auto& p : pileups) std::cerr << "volsync-gen inventory: warning: " << pileup_text(p) << '\n';
  std::ostringstream out;
  if (format == "html") {
    out << inventory_html(InventoryView{r, now, static_cast<int>(*runs), *max_per_minute});
  } else if (format == "svg") {
    out << heatmap_svg(backup_starts(r.plans, *r.config, now), *max_per_minute, pileups, true);
  } else if (format == "csv") {
    // One table: each row names its credentials source, so grouping by it lists the namespaces of each.
    out << "namespace,pvc,size,repository_name,repository,schedule,next_runs_utc,retain,restore,credentials,"
           "credentials_source,namespace_policy,mover\n";
    for (const auto& x : rows)
      out << csv_field(x.ns) << ',' << csv_field(x.pvc) << ',' << csv_field(x.size) << ',' << csv_field(x.repository_name)
          << ',' << csv_field(x.repository) << ',' << csv_field(x.schedule) << ',' << csv_field(x.next) << ','
          << csv_field(x.retain) << ',' << csv_field(x.restore) << ',' << csv_field(x.credentials) << ','
          << csv_field(x.credentials_source) << ',' << csv_field(x.policy) << ',' << csv_field(x.mover) << '\n';
    for (const auto& x : refused)  // selected but refused: a row with nothing but the refusal
      out << csv_field(x.ns) << ',' << csv_field(x.pvc) << ",,,,,,,,,," << csv_field("refused by " + x.by) << ",\n";
  } else if (format == "json") {
    out << "{\"backups\": [";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Row& x = rows[i];
      out << (i ? ",\n  " : "\n  ") << "{\"namespace\": " << json_quote(x.ns) << ", \"pvc\": " << json_quote(x.pvc)
          << ", \"size\": " << json_quote(x.size) << ", \"repositoryName\": " << json_quote(x.repository_name)
          << ", \"repository\": " << json_quote(x.repository) << ", \"schedule\": " << json_quote(x.schedule)
          << ", \"nextRunsUTC\": " << json_quote(x.next) << ", \"retain\": " << json_quote(x.retain)
          << ", \"restore\": " << json_quote(x.restore) << ", \"credentials\": " << json_quote(x.credentials)
          << ", \"credentialsSource\": " << json_quote(x.credentials_source) << ", \"mover\": " << json_quote(x.mover)
          << "}";
    }
    out << "\n], \"credentialsSources\": [";
    for (std::size_t i = 0; i < sources.size(); ++i) {
      const CredentialsSource& c = sources[i];
      out << (i ? ",\n  " : "\n  ") << "{\"repositoryName\": " << json_quote(c.repository)
          << ", \"credentials\": " << json_quote(c.mode) << ", \"source\": " << json_quote(c.source)
          << ", \"namespaces\": [";
      bool first_ns = true;
      for (const auto& ns : c.namespaces) out << (first_ns ? "" : ", ") << json_quote(ns), first_ns = false;
      out << "]}";
    }
    out << "\n], " << policy_json(r.config->namespaces, refused) << ", \"startsPerHourUTC\": {";
    bool first = true;
    for (const auto& [h, n] : per_hour) out << (first ? "" : ", ") << '"' << h << "\": " << n, first = false;
    out << "}, \"crowdedMinutes\": [";
    for (std::size_t i = 0; i < crowded.size(); ++i)
      out << (i ? ", " : "") << "{\"minute\": " << json_quote(utc(crowded[i].first * 60)) << ", \"starts\": " << crowded[i].second << "}";
    out << "], \"explicitCronPileUps\": [";
    for (std::size_t i = 0; i < pileups.size(); ++i) {
      out << (i ? ", " : "") << "{\"schedules\": [";
      for (std::size_t j = 0; j < pileups[i].who.size(); ++j) out << (j ? ", " : "") << json_quote(pileups[i].who[j]);
      out << "], \"timesUTC\": [";
      for (std::size_t j = 0; j < pileups[i].times.size(); ++j) out << (j ? ", " : "") << json_quote(pileups[i].times[j]);
      out << "], \"message\": " << json_quote(pileup_text(pileups[i])) << "}";
    }
    out << "]}\n";
  } else {
    out << "| namespace | PVC | size | repository | path | schedule | next runs (UTC) | retain | restore | credentials | mover |\n"
           "|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& x : rows)
      out << "| " << x.ns << " | " << x.pvc << " | " << x.size << " | " << x.repository_name << " | `" << x.repository
          << "` | `" << x.schedule << "` | " << x.next << " | " << x.retain << " | " << x.restore << " | " << x.credentials
          << " | " << x.mover << " |\n";
    out << '\n' << policy_markdown(r.config->namespaces, refused);
    out << "\nCredentials sources (who can read a namespace's Secrets holds its source's keys):\n\n"
           "| repository | credentials | source | namespaces |\n|---|---|---|---|\n";
    for (const CredentialsSource& c : sources) {
      std::string list;
      for (const auto& ns : c.namespaces) list += (list.empty() ? "" : ", ") + ns;
      out << "| " << c.repository << " | " << c.mode << " | " << c.source << " | " << list << " |\n";
    }
    out << "\nBackup starts per hour (UTC, next 24 h):\n\n| hour | starts |\n|---:|---|\n";
    for (int h = 0; h < 24; ++h) {
      int n = per_hour.count(h) ? per_hour[h] : 0;
      out << "| " << (h < 10 ? "0" : "") << h << " | " << std::string(static_cast<std::size_t>(n), '#') << (n ? " " : "") << n << " |\n";
    }
    if (crowded.empty()) out << "\nNo minute has more than " << *max_per_minute << " backup starts.\n";
    for (const auto& [m, n] : crowded)
      out << "\nWARNING: " << n << " backups start at " << utc(m * 60) << " (more than " << *max_per_minute << ")\n";
    for (const auto& p : pileups) out << "\nWARNING: " << pileup_text(p) << '\n';
  }
  if (!write_all(stdout, out.str())) return 1;
  return crowded.empty() ? 0 : 3;
}

}  // namespace vg
