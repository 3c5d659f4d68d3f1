#include "cli/function.h"

#include "cli/data_source_refs.h"

#include <algorithm>
#include <deque>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include "krm/io.h"
#include "krm/list_edit.h"
#include "krm/object.h"
#include "krm/output.h"
#include "volsync/config_load.h"
#include "krm/results.h"
#include "krm/scan.h"
#include "krm/string_pool.h"
#include "volsync/credentials.h"
#include "volsync/credentials_by_namespace.h"
#include "volsync/generate.h"
#include "volsync/identities.h"
#include "volsync/kopia_credentials.h"
#include "volsync/kopia_plan.h"
#include "volsync/input_edits.h"
#include "volsync/namespace_policy.h"
#include "volsync/ownership.h"
#include "volsync/placement.h"
#include "volsync/plan.h"
#include "volsync/schedule_spread.h"
#include "volsync/rules.h"
#include "volsync/settings.h"
#include "volsync/template.h"
#include "volsync/validate.h"
#include "volsync/workload.h"
#include "yaml/emit.h"

namespace vg {
namespace {

bool errors_since(const Findings& f, std::size_t from) {
  return std::any_of(f.begin() + static_cast<std::ptrdiff_t>(from), f.end(),
                     [](const Finding& x) { return x.severity == Severity::kError; });
}

void append(Findings& to, Findings& more) {
  to.insert(to.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  more.clear();
}

// Annotations the orchestrators own (kpt file placement and comment ids, kustomize tracking);
// carried from a previous generated object to its replacement so the object stays where it was.
bool orchestrator_annotation(std::string_view key) {
  for (std::string_view p : {"internal.config.kubernetes.io/", "config.kubernetes.io/path",
                             "config.kubernetes.io/index", "config.k8s.io/", "kustomize.config.k8s.io/"})
    if (key.rfind(p, 0) == 0) return true;
  return false;
}

// Copies the orchestrators' annotations of the object a previous run generated (parsed only now,
// when it is matched, and not kept) onto its replacement.
void carry_annotations(const InputObject& previous, Doc& to) {
  Doc old;
  Findings ignored;  // the scan read it: only a limit can fail, and then there is nothing to carry
  if (!previous.parse(old, ignored)) return;
  const Doc& ann = old.at({"metadata", "annotations"});
  for (const auto& kv : ann.entries())
    if (kv.first.IsScalar() && orchestrator_annotation(kv.first.Scalar()) && kv.second.IsScalar())
      set_annotation(to, kv.first.Scalar(), kv.second.Scalar());
}

// The source Secrets of the repositories in credentials mode secret, and each repository's base URL,
// per namespace of a selected PVC: with credentials.byNamespace each namespace may have its own.
struct SourceSecrets {
  struct ForNamespace {
    std::vector<SourceCredentials> creds;  // by repository
    std::vector<std::string> url_bases;    // by repository
  };
  // Namespaces with the same choice of source Secrets share one entry: without byNamespace that is
  // one for all, so memory does not grow with the namespaces.
  std::vector<ForNamespace> sets;
  std::map<std::vector<std::string>, std::size_t> set_of_choice;  // source Secret by repository -> set
  std::map<std::string, std::size_t> set_of_namespace;
  std::set<std::size_t> to_mark;  // objects to mark local-config
  const ForNamespace& of(const std::string& ns) const { return sets[set_of_namespace.at(ns)]; }
};

// One generated object's text in FunctionResult::written.
struct Written {
  std::string_view identity;  // in Expansion::identity_text
  std::size_t begin = 0, size = 0;
};

// What expanding the selected PVCs produced: the objects' text, and what the input edits need.
struct Expansion {
  StringPool identity_text;  // the written objects' identities
  std::vector<Written> objects;
  std::vector<std::pair<std::size_t, std::string>> bootstrap;  // PVC object, its ReplicationDestination
  std::set<std::string> privileged_namespaces;
  std::vector<Generated> scratch;  // one plan's objects, reused: its capacity serves every plan
  // Kept apart and reported in stage order, as if each stage ran over all PVCs in turn.
  Findings plan, shared, expansion, invalid;
  bool planned = true, expanded = true;
};

// Everything one run reads and builds, stage by stage.
struct Run {
  Run(std::string_view in, const FunctionOptions& o) : input(in), opt(o) {}
  std::string_view input;
  const FunctionOptions& opt;
  bool scanned = false;
  ScanResult scan;
  std::vector<InputObject> objects;
  Config config;
  TemplateSet templates;
  Validator validator;
  // Every PVC's facts; expansion frees each selected one's once planned, and a deque (unlike a
  // vector) gives the memory back as it goes: 4.8 MB at 10 000 PVCs, at the run's peak.
  std::deque<PvcFacts> pvcs;
  std::vector<PvcFacts*> selected;
  SourceSecrets sources;
  Findings workload_findings;
  std::map<std::string, PodIds> pod_ids;
  Ownership ownership;  // which input objects a previous run generated (ownership.h)
  Placement placement;  // kpt's files for new generated objects
  std::unordered_map<std::string, std::size_t> previous;  // identity -> object a previous run generated
  Expansion expansion;
  InputEdits edits;
  std::vector<DataSourceRef> rd_refs;  // PVCs' dataSourceRefs to ReplicationDestinations (data_source_refs.h)
  KopiaMaintenanceSet kopia_maintenance;  // which (namespace, kopia repository) has its KopiaMaintenance
};

// ---- stages ------------------------------------------------------------------------------------

// A ResourceList in the legacy plugin's stream would pass through as one opaque object, generating
// nothing: the caller meant the function mode.
bool refuse_resource_list(const ScanResult& scan, Findings& f) {
  for (const ItemSpan& s : scan.items)
    if (s.kind == "ResourceList")
      f.push_back(Finding{.rule = "resource-list-in-stream",
                          .message = "a ResourceList was given to the legacy plugin mode (volsync-gen CONFIG_FILE), "
                                     "which reads a YAML stream of objects",
                          .file = s.path,
                          .line = s.file_line(),
                          .hint = "for a ResourceList run volsync-gen without arguments (KRM function mode); "
                                  "for the plugin mode pass the objects themselves"});
  return !has_errors(f);
}

// scan: the objects' spans and identities; no tree is built. The objects take over the spans: the
// scan's copy is not kept (memory scales with the object count).
bool scan_input(Run& run, Findings& f) {
  const bool ok = run.opt.stream_io ? scan_stream(run.input, run.opt.limits, run.scan, f)
                                    : scan_resource_list(run.input, run.opt.limits, run.scan, f);
  if (!ok) return false;
  if (run.opt.stream_io && !refuse_resource_list(run.scan, f)) return false;
  run.scanned = true;
  run.objects.reserve(run.scan.items.size());
  prefer_huge_pages(reinterpret_cast<const char*>(run.objects.data()), run.objects.capacity() * sizeof(InputObject));
  for (ItemSpan& s : run.scan.items) add_input_objects(run.objects, run.input, std::move(s));  // Lists unpacked
  run.scan.items.clear();
  run.scan.items.shrink_to_fit();
  return true;
}

// The functionConfig (or --config file), read by the one YAML reader, with the Argo CD overrides applied.
bool read_config(const Run& run, Config& config, Findings& f) {
  const FunctionOptions& opt = run.opt;
  std::string fc_text;
  ConfigText fc_in;
  if (opt.config_text) {
    fc_in = {*opt.config_text, opt.config_file, 1, {}};
  } else if (run.scan.function_config) {
    fc_text = item_text(run.input, *run.scan.function_config);
    fc_in = {fc_text, run.scan.function_config->path, run.scan.function_config->file_line(),
             run.scan.function_config->ref()};
  }
  return load_config(fc_in, opt.limits, opt.overrides, config, f);
}

// Templates, and the user's CRDs (always, so a wrong --schemas path is reported on every run).
bool load_checks(Run& run, Findings& f) {
  if (!load_templates(run.opt.templates_dir, run.templates, f)) return false;
  return run.opt.schema_paths.empty() || run.validator.init(run.opt.schema_paths, f);
}

// read PVCs, select: the facts of every PVC (each parsed once, not kept), then the selected ones.
void read_pvcs(Run& run, Findings& f) {
  for (std::size_t i = 0; i < run.objects.size(); ++i) {
    const InputObject& o = run.objects[i];
    if (!o.is("v1", "PersistentVolumeClaim")) continue;
    Doc node;
    if (!o.parse(node, f)) continue;
    PvcFacts pvc;
    if (!read_pvc(node, Origin{o.ref(), o.file(), o.line()}, pvc, f)) continue;
    pvc.item_index = i;
    if (auto ref = replication_destination_ref(pvc)) run.rd_refs.push_back(std::move(*ref));
    run.pvcs.push_back(std::move(pvc));
  }
  for (PvcFacts& p : run.pvcs) {
    if (!pvc_selected(p, run.config)) continue;
    std::optional<Finding> refused = namespace_policy_finding(p, run.config);  // spec.namespaces
    if (!refused) run.selected.push_back(&p);
    else f.push_back(std::move(*refused));  // an error, or a warning and no backup objects (action warn)
  }
}

// A repository in mode externalSecret: its base URL and property mapping, once for all namespaces.
void check_external_secret_repository(const Config& config, std::size_t i, Findings& f) {
  const Repository& repo = config.repositories[i];
  if (repo.backend == Repository::Backend::kUrl)
    if (auto err = repo.url.empty() ? std::optional<std::string>("no base repository: set spec.repository (or url)")
                                    : repository_error(repo.url))
      f.push_back(Finding{.severity = Severity::kError,
                          .rule = "repository",
                          .message = *err,
                          .resource = config.origin.resource,
                          .field = "spec.repository",
                          .file = config.origin.file,
                          .line = config.origin.line});
  check_external_secret_properties(config, i, f);
}

// The source Secret (mode secret) or store item (externalSecret) of repository i for namespace
// `pvc.namespace_`; a finding at the byNamespace field when none or two globs match.
std::optional<std::string> pick_credentials(const Config& config, std::size_t i, const PvcFacts& pvc, Findings& f) {
  std::string error;
  auto picked = credentials_for_namespace(config.repositories[i].credentials, pvc.namespace_, error);
  if (!picked) {
    const Repository& repo = config.repositories[i];
    Finding x = config_finding(by_namespace_origin(config, i), by_namespace_field(config, i),
                               error + " (PVC " + pvc.namespace_ + "/" + pvc.name +
                                   (repo.name.empty() ? "" : ", repository " + repo.name) + ")",
                               "add the namespace (or a glob) to byNamespace, or set the fallback");
    x.rule = "credentials-by-namespace";
    f.push_back(std::move(x));
  }
  return picked;
}

// The source Secrets byNamespace (or the fallback) names that no selected PVC uses yet are source
// Secrets all the same: marked local-config like the used ones, not applied as they are. Not loaded
// and not checked (no PVC needs them), and absent ones are no error.
void mark_unused_sources(Run& run, const std::map<std::pair<std::size_t, std::string>,
                                                 std::optional<SourceCredentials>>& loaded) {
  const Config& config = run.config;
  for (std::size_t i = 0; i < config.repositories.size(); ++i) {
    const Credentials& c = config.repositories[i].credentials;
    if (c.mode != Credentials::Mode::kSecret || c.deploy_source_secret) continue;
    std::set<std::string> names;
    if (!c.secret_name.empty()) names.insert(c.secret_name);
    for (const auto& [pattern, name] : c.secret_by_namespace) names.insert(name);
    for (const std::string& name : names) {
      if (loaded.count({i, name})) continue;
      for (std::size_t k = 0; k < run.objects.size(); ++k) {
        const ItemSpan& s = run.objects[k].span();
        if (run.objects[k].is("v1", "Secret") && s.name == name && !run.objects[k].generated() &&
            (c.secret_namespace.empty() || s.namespace_ == c.secret_namespace))
          run.sources.to_mark.insert(k);
      }
    }
  }
}

// The source Secret of each repository in mode secret for each namespace of a selected PVC (needed
// only when some PVC is selected). Each source Secret is loaded and checked once.
bool load_sources(Run& run, Findings& f) {
  const Config& config = run.config;
  SourceSecrets& out = run.sources;
  if (run.selected.empty()) return true;
  const std::size_t before = f.size();
  const std::vector<MoverUse> use = movers_used(run.selected, config);  // what each source Secret must hold
  for (std::size_t i = 0; i < config.repositories.size(); ++i) {
    if (use[i].kopia) check_kopia_repository_config(config, i, f);
    if (config.repositories[i].credentials.mode != Credentials::Mode::kExternalSecret) continue;
    if (use[i].restic) check_external_secret_repository(config, i, f);
    if (use[i].kopia) check_kopia_external_secret_properties(config, i, f);
  }
  std::map<std::pair<std::size_t, std::string>, std::optional<SourceCredentials>> loaded;  // (repository, Secret)
  for (const PvcFacts* pvc : run.selected) {
    if (out.set_of_namespace.count(pvc->namespace_)) continue;
    std::vector<std::string> choice(config.repositories.size());  // "" where nothing is loaded
    for (std::size_t i = 0; i < config.repositories.size(); ++i) {
      const Repository& repo = config.repositories[i];
      // existing: the Secret, RESTIC_REPOSITORY included, is managed elsewhere: nothing to build or check.
      if (repo.credentials.mode == Credentials::Mode::kExisting) continue;
      const std::optional<std::string> name = pick_credentials(config, i, *pvc, f);
      if (!name || repo.credentials.mode != Credentials::Mode::kSecret) continue;
      auto [source, first] = loaded.try_emplace({i, *name});
      if (first) {
        Repository picked = repo;
        picked.credentials.secret_name = *name;
        SourceNeed need;
        if (*name != repo.credentials.secret_name)  // named by byNamespace
          need = {by_namespace_field(config, i), by_namespace_origin(config, i).line, pvc->namespace_,
                  pvc->namespace_ + "/" + pvc->name};
        SourceCredentials creds;
        if (load_source_credentials(run.objects, picked, config, creds, f, need, use[i])) source->second = std::move(creds);
        if (source->second && !repo.credentials.deploy_source_secret) out.to_mark.insert(source->second->item_index);
      }
      if (source->second) choice[i] = *name;
    }
    auto [set, added] = out.set_of_choice.try_emplace(choice, out.sets.size());
    out.set_of_namespace[pvc->namespace_] = set->second;
    if (!added) continue;
    SourceSecrets::ForNamespace& ns = out.sets.emplace_back();
    ns.creds.resize(config.repositories.size());
    ns.url_bases.resize(config.repositories.size());
    for (std::size_t i = 0; i < config.repositories.size(); ++i) {
      ns.url_bases[i] = config.repositories[i].url;
      if (choice[i].empty()) continue;
      const SourceCredentials& creds = *loaded.at({i, choice[i]});
      ns.creds[i] = creds;
      ns.url_bases[i] = creds.repository_base;
    }
  }
  std::vector<bool> kopia(use.size());
  for (std::size_t i = 0; i < use.size(); ++i) kopia[i] = use[i].kopia;
  check_kopia_passwords(config, loaded, kopia, run.objects, f);
  mark_unused_sources(run, loaded);
  return !errors_since(f, before);
}

// What the plans take from the input besides PVCs: the app's ids (the mover reads files as the app
// wrote them, where none are configured), the objects a previous run generated, by identity (while
// every PVC's facts are at hand: ownership needs deselected PVCs too), and the files kpt has.
void read_context(Run& run, Findings& f) {
  if (run.config.mover_context_from_workload && !run.selected.empty())
    run.pod_ids = pod_ids_by_pvc(run.objects, run.workload_findings);
  run.ownership.judge(run.objects, run.pvcs, run.config, f);
  run.placement.survey(run.objects, run.ownership);
  for (std::size_t i = 0; i < run.objects.size(); ++i) {
    const ItemSpan& s = run.objects[i].span();
    if (run.ownership.ours(i))
      run.previous.emplace(object_identity(s.api_version, s.kind, s.namespace_, s.name), i);
  }
}

// expand + validate one plan's objects and write their text; nothing but the text is kept.
void write_objects(Run& run, const BackupPlan& plan, std::size_t index, FunctionResult& r) {
  Expansion& x = run.expansion;
  std::vector<Generated>& objs = x.scratch;
  objs.clear();
  // After a template error, expansion goes on only to report every PVC's errors.
  if (!generate_plan(plan, index, run.config, run.sources.of(plan.pvc.namespace_).creds, run.templates, objs, x.expansion,
                     &run.kopia_maintenance))
    x.expanded = false;
  // Plans produce text of similar size: reserving once avoids a copy of everything at each doubling.
  if (index == 1) {
    r.written.reserve(r.written.size() * run.selected.size() * 11 / 10);
    prefer_huge_pages(r.written.data(), r.written.capacity());
  }
  for (Generated& g : objs) {
    if (!x.expanded) break;
    std::string id = g.identity();
    if (auto prev = run.previous.find(id); prev != run.previous.end())
      carry_annotations(run.objects[prev->second], g.node);  // a re-run keeps the object's file
    else
      run.placement.place(plan.pvc, g.node);
    run.validator.check(g.node, g.ref, run.config.disabled_rules, x.invalid);
    const std::size_t begin = r.written.size();
    if (run.opt.stream_io) emit_block(r.written, g.node, 0);
    else emit_list_item(r.written, g.node);
    x.objects.push_back({x.identity_text.intern(id), begin, r.written.size() - begin});
    if (run.opt.keep_objects) r.objects.push_back({std::move(g.ref), std::move(g.node)});
  }
}

// Preset schedules are placed knowing every other one (schedule_spread.h). The plans are made once
// more just for their schedules: keeping them all until the spread is known would hold a plan per
// PVC in memory, which the one-at-a-time loop below avoids. Findings come from that loop.
ScheduleSpread spread_schedules(Run& run) {
  ScheduleSpread spread(run.config);
  Findings ignored;
  for (const PvcFacts* pvc : run.selected)
    if (auto plan = plan_pvc(*pvc, run.config, run.sources.of(pvc->namespace_).url_bases, ignored)) spread.add(*plan);
  spread.assign();
  return spread;
}

// plan, expand, validate, write: one PVC at a time, so that memory holds the input and the output,
// not a plan and trees for every PVC.
void expand_pvcs(Run& run, FunctionResult& r) {
  Expansion& x = run.expansion;
  x.objects.reserve(run.selected.size() * 3);
  GeneratedIdentities identities;
  if (run.opt.keep_plans)  // for inventory's summary: what is not backed up
    for (const PvcFacts& p : run.pvcs)
      if (!pvc_selected(p, run.config)) r.unselected.emplace_back(p.namespace_, p.name);
  const ScheduleSpread spread = spread_schedules(run);
  std::size_t n = 0;
  for (PvcFacts* pvc : run.selected) {
    prefer_huge_pages_for_heap();
    std::optional<BackupPlan> plan = plan_pvc(*pvc, run.config, run.sources.of(pvc->namespace_).url_bases, x.plan);
    // The plan has its copy: this PVC's facts and those before it (unselected, or planned) go.
    while (&run.pvcs.front() != pvc) run.pvcs.pop_front();
    run.pvcs.pop_front();
    if (errors_since(x.plan, 0)) x.planned = false;
    if (!x.planned || !plan) continue;  // planning goes on, to report every PVC's errors at once
    spread.apply(*plan);
    plan->pvc.labels = {};              // selection is done
    apply_pod_ids(run.pod_ids, *plan);
    identities.claim(*plan, run.config, x.shared);  // unique objects and repositories, before any is built
    const std::size_t index = n++;
    if (plan->patch_data_source) x.bootstrap.emplace_back(plan->pvc.item_index, plan->rd_name);
    if (run.config.privileged_movers) x.privileged_namespaces.insert(plan->pvc.namespace_);
    if (!errors_since(x.shared, 0)) write_objects(run, *plan, index, r);
    if (run.opt.keep_plans) r.plans.push_back(std::move(*plan));
  }
  run.pvcs.clear();
  run.pvcs.shrink_to_fit();
}

// The findings of the per-PVC stages, in stage order; false at the first stage with errors.
bool report_expansion(Run& run, Findings& f) {
  Expansion& x = run.expansion;
  append(f, x.plan);
  if (!x.planned) return false;
  append(f, run.workload_findings);
  if (errors_since(f, 0)) return false;
  append(f, x.shared);
  if (errors_since(f, 0)) return false;
  append(f, x.expansion);
  return x.expanded;
}

// Input objects we change: source Secrets (local-config), PVCs (bootstrap dataSourceRef) and
// Namespaces (privileged movers).
bool edit_inputs(Run& run, Findings& f) {
  for (std::size_t i : run.sources.to_mark)
    if (const Doc* secret = run.objects[i].doc(f)) mark_local_config(i, *secret, run.edits);
  for (const auto& [index, rd_name] : run.expansion.bootstrap) {
    Doc pvc;
    if (!run.objects[index].parse(pvc, f)) return false;
    set_data_source_ref(pvc, rd_name);
    run.edits[index] = std::move(pvc);
  }
  if (!run.config.privileged_movers) return true;
  return annotate_privileged_namespaces(run.expansion.privileged_namespaces, run.objects, run.edits, f);
}

// validate: the findings of what we are about to emit; errors refuse the whole output.
bool report_invalid(Run& run, Findings& f) {
  const bool refused = errors_since(run.expansion.invalid, 0);
  append(f, run.expansion.invalid);
  if (refused)
    f.push_back(Finding{.severity = Severity::kError,
                        .rule = "generated-invalid",
                        .message = "refusing to emit objects that fail validation (see the findings above)",
                        .hint = "check the templates (--templates) and the configuration"});
  return !refused;
}

// Every PVC's dataSourceRef to a ReplicationDestination finds it in the output: generated, or an
// input object the run keeps (one a previous run generated and this one does not is removed).
bool check_rd_refs(const Run& run, Findings& f) {
  if (run.rd_refs.empty()) return true;
  std::set<std::string> present;
  const std::string prefix = "volsync.backube/ReplicationDestination/";
  for (const Written& w : run.expansion.objects)
    if (w.identity.substr(0, prefix.size()) == prefix) present.insert(std::string(w.identity.substr(prefix.size())));
  for (std::size_t i = 0; i < run.objects.size(); ++i) {
    const InputObject& o = run.objects[i];
    if (o.is("volsync.backube/v1alpha1", "ReplicationDestination") && !run.ownership.ours(i))
      present.insert(o.span().namespace_ + "/" + o.span().name);
  }
  const std::size_t before = f.size();
  check_data_source_refs(run.rd_refs, present, f);
  drop_disabled(f, run.config.disabled_rules);
  return !errors_since(f, before);
}

Finding clash_finding(const InputObject& o) {
  // A custom template of 0.1.0 could leave out the label that now marks ownership.
  const ItemSpan& s = o.span();
  const std::string relabel = s.generated && !s.managed_label
                                  ? "if volsync-gen made it, add the label " + std::string(kManagedByLabel) + ": " +
                                        kManagedByValue + "; otherwise "
                                  : "";
  return object_finding(o, "generated-clash",
                        "an object with this name already exists in the input and was not made by "
                        "volsync-gen; refusing to overwrite it",
                        "metadata.name",
                        relabel + "rename one of them or set " + std::string(kAnnotationPrefix) + "name on the PVC");
}

// Generated text as written for the output, back at column 0 (a ResourceList item drops its `- `).
std::string column_zero(const Run& run, const std::string& written, std::size_t begin, std::size_t size) {
  if (run.opt.stream_io) return written.substr(begin, size);
  ItemSpan item;
  item.begin = begin + 2;
  item.end = begin + size;
  item.column = 2;
  return item_text(written, item);
}

// The new text of a List whose objects change like top-level ones would (an edit, a generated object
// replaced or gone); nothing when the List is copied as it is. Its objects follow it in run.objects.
std::optional<std::string> changed_list(const Run& run, std::size_t list, const std::vector<Written>& generated,
                                        const std::unordered_map<std::string_view, std::size_t>& by_identity,
                                        std::vector<bool>& placed, const std::string& written, Findings& f,
                                        Findings& removed) {
  std::vector<ListItemEdit> edits;
  for (std::size_t j = list + 1; j < run.objects.size() && run.objects[j].in_list(); ++j) {
    const InputObject& o = run.objects[j];
    const ItemSpan& s = o.span();
    ListItemEdit e{&s, run.objects[o.list()].span().flow_items, std::nullopt};
    const auto match = by_identity.find(object_identity(s.api_version, s.kind, s.namespace_, s.name));
    if (run.ownership.ours(j)) {
      if (match == by_identity.end()) {
        removed.push_back(run.ownership.removed(o, j));  // no longer generated: it leaves its List
      } else if (!placed[match->second]) {
        const Written& g = generated[match->second];
        e.text = column_zero(run, written, g.begin, g.size);
        placed[match->second] = true;
      }
    } else if (match != by_identity.end()) {
      f.push_back(clash_finding(o));
      continue;
    } else if (auto p = run.edits.find(j); p != run.edits.end()) {
      e.text.emplace();
      emit_block(*e.text, p->second, 0);
    } else {
      continue;
    }
    edits.push_back(std::move(e));
  }
  if (edits.empty()) return std::nullopt;
  auto text = edited_list_text(run.input, run.objects[list].span(), std::move(edits));
  if (!text)
    f.push_back(object_finding(run.objects[list], "list-edit",
                               "an object of this List must change or go, and the List cannot be edited in place: "
                               "a comment or tag stands between an item's `- ` and the object"));
  return text;
}

// emit: input order, previous generated objects replaced in place, new ones appended. An input
// object with the identity of a generated one that volsync-gen did not make is an error.
bool emit_objects(Run& run, FunctionResult& r, Findings& f) {
  const bool stream = run.opt.stream_io;
  const std::vector<Written>& generated = run.expansion.objects;
  std::unordered_map<std::string_view, std::size_t> by_identity;
  by_identity.reserve(generated.size());
  for (std::size_t i = 0; i < generated.size(); ++i) by_identity.emplace(generated[i].identity, i);
  std::vector<bool> placed(generated.size(), false);
  Findings removed;  // said only when the output is written: a failed run removes nothing
  OutputBuilder out(run.input, r.pieces, r.written);
  bool first_document = true;
  auto separator = [&] {
    if (stream && !first_document) out.literal("---\n");
    first_document = false;
  };
  auto put_generated = [&](std::size_t g) {
    separator();
    r.pieces.push_back({false, generated[g].begin, generated[g].size});
    placed[g] = true;
  };
  for (std::size_t i = 0; i < run.objects.size(); ++i) {
    const InputObject& o = run.objects[i];
    const ItemSpan& s = o.span();
    if (o.in_list()) continue;  // written with its List
    const bool ours = run.ownership.ours(i);
    auto match = by_identity.end();
    if (ours || !by_identity.empty())
      match = by_identity.find(object_identity(s.api_version, s.kind, s.namespace_, s.name));
    if (ours) {
      if (match == by_identity.end()) removed.push_back(run.ownership.removed(o, i));  // no longer generated
      else if (!placed[match->second]) put_generated(match->second);
      continue;
    }
    if (match != by_identity.end()) {
      f.push_back(clash_finding(o));
      continue;
    }
    separator();
    std::optional<std::string> list;
    if (s.is_list) list = changed_list(run, i, generated, by_identity, placed, r.written, f, removed);
    if (list) {
      std::string_view text = *list;
      while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
      const std::size_t begin = out.mark();
      if (stream) (r.written += text) += '\n';
      else emit_list_item_text(r.written, text);
      out.written_since(begin);
    } else if (auto p = run.edits.find(i); p != run.edits.end()) {
      const std::size_t begin = out.mark();
      if (stream) emit_block(r.written, p->second, 0);
      else emit_list_item(r.written, p->second);
      out.written_since(begin);
    } else if (stream) {
      out.document(s);
    } else {
      out.list_item(s);
    }
  }
  if (errors_since(f, 0)) return false;
  append(f, removed);
  for (std::size_t g = 0; g < generated.size(); ++g)
    if (!placed[g]) put_generated(g);
  if (!stream) {
    // The header goes first, but whether the list is empty is known only now.
    const std::size_t begin = r.written.size();
    r.written += "apiVersion: " + run.scan.list_api_version + "\nkind: ResourceList\n";
    r.written += first_document ? "items: []\n" : "items:\n";
    r.pieces.insert(r.pieces.begin(), OutputPiece{false, begin, r.written.size() - begin});
  }
  return true;
}

// The functionConfig, echoed so the output is itself a complete input (running the function on it
// is a no-op), and the results.
void emit_trailer(Run& run, FunctionResult& r) {
  if (run.opt.stream_io) return;
  OutputBuilder out(run.input, r.pieces, r.written);
  const std::size_t begin = out.mark();
  if (run.scan.function_config)
    emit_key_with_text(r.written, "functionConfig", item_text(run.input, *run.scan.function_config),
                       run.scan.function_config->flow);
  emit_results(r.written, r.findings);
  out.written_since(begin);
}

// The ResourceList we write when something failed: the input items untouched, plus results, so a
// client that ignored the exit code would still lose nothing.
FunctionResult failed(FunctionResult& r, const Run& run) {
  dedupe(r.findings);
  drop_disabled(r.findings, run.config.disabled_rules);  // rules.disabled, for every rule that can be
  r.ok = false;
  r.pieces.clear();
  r.written.clear();
  r.plans.clear();  // plans, objects and edits are what a successful run wrote
  r.objects.clear();
  r.edits.clear();
  if (run.opt.stream_io) return std::move(r);
  std::string& out = r.output;
  out = "apiVersion: ";
  out += run.scanned && !run.scan.list_api_version.empty() ? run.scan.list_api_version : "config.kubernetes.io/v1";
  out += "\nkind: ResourceList\n";
  if (!run.objects.empty()) {
    out += "items:\n";
    for (const InputObject& o : run.objects)
      if (!o.in_list()) emit_list_item_text(out, o.text());  // an object of a List is in its List's text
  } else {
    out += "items: []\n";
  }
  emit_results(out, r.findings);
  return std::move(r);
}

FunctionResult succeeded(FunctionResult& r, Run& run) {
  r.ok = true;
  if (run.opt.keep_objects)
    for (auto& [index, node] : run.edits) r.edits.push_back({index, std::move(node)});
  if (!run.opt.pieces_only) {
    r.output = r.text(run.input);
    r.pieces.clear();
    r.written.clear();
    r.written.shrink_to_fit();
  }
  r.config = std::make_shared<const Config>(std::move(run.config));
  return std::move(r);
}

}  // namespace

FunctionResult run_function(std::string_view input, const FunctionOptions& opt) {
  FunctionResult r;
  Findings& f = r.findings;
  Run run(input, opt);
  if (!scan_input(run, f)) return failed(r, run);
  if (!read_config(run, run.config, f)) return failed(r, run);
  if (!load_checks(run, f)) return failed(r, run);
  read_pvcs(run, f);
  if (errors_since(f, 0)) return failed(r, run);
  if (!load_sources(run, f)) return failed(r, run);
  read_context(run, f);
  // The embedded schemas are compiled only when there is something to check.
  if (opt.schema_paths.empty() && !run.selected.empty() && !run.validator.init({}, f)) return failed(r, run);
  expand_pvcs(run, r);
  if (!report_expansion(run, f)) return failed(r, run);
  if (!edit_inputs(run, f)) return failed(r, run);
  if (!report_invalid(run, f)) return failed(r, run);
  if (!check_rd_refs(run, f)) return failed(r, run);
  if (!emit_objects(run, r, f)) return failed(r, run);
  dedupe(f);
  drop_disabled(f, run.config.disabled_rules);  // rules.disabled, for every rule that can be (rule_registry.h)
  emit_trailer(run, r);
  return succeeded(r, run);
}

std::string FunctionResult::text(std::string_view input) const {
  return pieces.empty() ? output : join_pieces(pieces, input, written);
}

bool FunctionResult::write(std::FILE* out, std::string_view input) const {
  if (!pieces.empty()) return write_pieces(out, pieces, input, written);
  return std::fwrite(output.data(), 1, output.size(), out) == output.size() && std::fflush(out) == 0;
}

}  // namespace vg
