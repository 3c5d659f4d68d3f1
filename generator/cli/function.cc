#include "cli/function.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include "volsync/config_load.h"
#include "volsync/credentials.h"
#include "yaml/doc_yaml.h"
#include "yaml/emit.h"
#include "krm/results.h"
#include "volsync/env_overrides.h"
#include "volsync/generate.h"
#include "krm/item.h"
#include "krm/output.h"
#include "volsync/plan.h"
#include "volsync/rules.h"
#include "krm/scan.h"
#include "volsync/settings.h"
#include "volsync/template.h"
#include "volsync/validate.h"
#include "volsync/workload.h"

namespace vg {
namespace {

bool errors_since(const Findings& f, std::size_t from) {
  return std::any_of(f.begin() + static_cast<std::ptrdiff_t>(from), f.end(),
                     [](const Finding& x) { return x.severity == Severity::kError; });
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
// when it is matched) onto its replacement.
void carry_annotations(std::string_view input, const ItemSpan& previous, Doc& to) {
  Doc old;
  Findings ignored;  // the scan read it: only a limit can fail, and then there is nothing to carry
  if (!parse_item_doc(input, previous, old, ignored)) return;
  const Doc& ann = old.at({"metadata", "annotations"});
  for (const auto& kv : ann.entries())
    if (kv.first.IsScalar() && orchestrator_annotation(kv.first.Scalar()) && kv.second.IsScalar())
      set_annotation(to, kv.first.Scalar(), kv.second.Scalar());
}

// The ResourceList we write when something failed: the input items untouched, plus results, so a
// client that ignored the exit code would still lose nothing.
std::string error_output(std::string_view input, const ScanResult* scan, const std::vector<Item>& items,
                         const Findings& findings, bool stream_io) {
  if (stream_io) return {};
  std::string out = "apiVersion: ";
  out += scan && !scan->list_api_version.empty() ? scan->list_api_version : "config.kubernetes.io/v1";
  out += "\nkind: ResourceList\n";
  if (!items.empty()) {
    out += "items:\n";
    for (const auto& it : items) emit_list_item_text(out, item_text(input, it.span));
  } else {
    out += "items: []\n";
  }
  emit_results(out, findings);
  return out;
}

}  // namespace

FunctionResult run_function(std::string_view input, const FunctionOptions& opt) {
  FunctionResult r;
  Findings& f = r.findings;
  ScanResult scan;
  std::vector<Item> items;
  auto fail = [&](const ScanResult* s) {
    dedupe(f);
    r.ok = false;
    r.output = error_output(input, s, items, f, opt.stream_io);
    r.pieces.clear();
    r.written.clear();
    r.plans.clear();  // plans are what a successful run wrote
    return r;
  };

  // parse
  bool scanned = opt.stream_io ? scan_stream(input, opt.limits, scan, f)
                               : scan_resource_list(input, opt.limits, scan, f);
  if (!scanned) return fail(nullptr);
  // Items take over the spans: the scan's copy is not kept (memory scales with the item count).
  items.reserve(scan.items.size());
  for (auto& s : scan.items) {
    const bool generated = s.generated && wants_tree(s);
    items.push_back(Item{std::move(s), {}, false, generated});
  }
  scan.items.clear();
  scan.items.shrink_to_fit();

  std::string fc_text;
  ConfigText fc_in;
  if (opt.config_text) {
    fc_in = {*opt.config_text, opt.config_file, 1, {}};
  } else if (scan.function_config) {
    fc_text = item_text(input, *scan.function_config);
    fc_in = {fc_text, scan.function_config->path, scan.function_config->file_line(), scan.function_config->ref()};
  }
  Config config;
  if (!load_config(fc_in, opt.limits, opt.overrides, config, f)) return fail(&scan);

  TemplateSet templates;
  if (!load_templates(opt.templates_dir, templates, f)) return fail(&scan);
  // The embedded schemas are compiled only when there is something to check; user CRDs always, so
  // a wrong --schemas path is reported on every run.
  Validator validator;
  if (!opt.schema_paths.empty() && !validator.init(opt.schema_paths, f)) return fail(&scan);

  // read the PVCs, select
  std::vector<PvcFacts> pvcs;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ItemSpan& span = items[i].span;
    if (span.kind != "PersistentVolumeClaim" || span.api_version != "v1") continue;
    Doc node;
    if (!parse_item_doc(input, span, node, f)) continue;
    PvcFacts pvc;
    Origin o{span.ref(), span.path, span.file_line()};
    if (!read_pvc(node, o, pvc, f)) continue;
    pvc.item_index = i;
    pvcs.push_back(std::move(pvc));
  }
  if (errors_since(f, 0)) return fail(&scan);
  const std::size_t before_plans = f.size();
  std::vector<PvcFacts*> selected;
  for (auto& p : pvcs)
    if (pvc_selected(p, config)) selected.push_back(&p);
  const bool any_selected = !selected.empty();
  // Source Secrets are needed only when some PVC is selected, one per repository in mode secret.
  std::vector<SourceCredentials> creds(config.repositories.size());
  std::vector<std::string> url_bases(config.repositories.size());
  std::set<std::size_t> source_items;
  if (any_selected) {
    for (std::size_t i = 0; i < config.repositories.size(); ++i) {
      const Repository& repo = config.repositories[i];
      url_bases[i] = repo.url;
      if (repo.credentials.mode != Credentials::Mode::kSecret) {
        if (repo.credentials.mode == Credentials::Mode::kExisting) {
          // The Secret, RESTIC_REPOSITORY included, is managed elsewhere: nothing to build or check.
        } else if (repo.backend == Repository::Backend::kUrl && repo.url.empty())
          f.push_back({Severity::kError, "repository", "no base repository: set spec.repository (or url)",
                       config.origin.resource, "spec.repository", config.origin.file, config.origin.line, ""});
        else if (repo.backend == Repository::Backend::kUrl)
          if (auto err = repository_error(repo.url))
            f.push_back({Severity::kError, "repository", *err, config.origin.resource, "spec.repository",
                         config.origin.file, config.origin.line, ""});
        continue;
      }
      if (!load_source_credentials(input, items, repo, config, creds[i], f)) continue;
      url_bases[i] = creds[i].repository_base;
      if (!repo.credentials.deploy_source_secret) source_items.insert(creds[i].item_index);
    }
  }
  if (errors_since(f, before_plans)) return fail(&scan);

  // The mover reads files as the app wrote them: take the app's ids where none are configured.
  Findings workload_findings;
  std::map<std::string, PodIds> ids_by_pvc;
  if (config.mover_context_from_workload && any_selected) ids_by_pvc = pod_ids_by_pvc(input, items, workload_findings);

  // Objects a previous run generated, by identity: their replacements take their place.
  std::unordered_map<std::string, std::size_t> previous;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ItemSpan& s = items[i].span;
    if (items[i].generated) previous.emplace(object_identity(s.api_version, s.kind, s.namespace_, s.name), i);
  }
  if (opt.schema_paths.empty() && any_selected && !validator.init({}, f)) return fail(&scan);

  // plan, expand, validate, write: one PVC at a time, keeping only the text of its objects, so that
  // memory holds the input and the output, not a plan and trees for every PVC. The findings of each
  // stage are kept apart and reported in stage order, as if each stage ran over all PVCs in turn.
  struct Written {
    std::string identity;
    std::size_t begin = 0, size = 0;  // in r.written
  };
  std::vector<Written> generated;
  generated.reserve(selected.size() * 3);
  Findings shared, expansion, invalid;
  std::unordered_map<std::string, std::pair<std::string, std::string>> repository_owner;  // -> namespace, name
  bool planned = true, expanded = true;
  std::vector<Generated> objs;
  // What the input changes below need from the plans.
  std::vector<std::pair<std::size_t, std::string>> bootstrap;  // PVC item, its ReplicationDestination
  std::set<std::string> namespaces;
  std::size_t n = 0;
  for (PvcFacts* pvc : selected) {
    std::optional<BackupPlan> plan = plan_pvc(*pvc, config, url_bases, f);
    *pvc = PvcFacts{};  // the plan has its copy
    if (errors_since(f, before_plans)) planned = false;
    if (!planned || !plan) continue;  // planning goes on, to report every PVC's errors at once
    plan->pvc.labels = {};  // selection is done
    if (auto ids = ids_by_pvc.find(plan->pvc.namespace_ + "/" + plan->pvc.name); ids != ids_by_pvc.end())
      for (auto& rp : plan->repos) {
        Settings& s = rp.settings;
        if (s.mover_security_context.IsMap() && s.mover_security_context.size() > 0) continue;  // configured
        if (!s.mover_uid) s.mover_uid = ids->second.run_as_user;
        if (!s.mover_gid) s.mover_gid = ids->second.run_as_group;
        if (!s.mover_fsgroup) s.mover_fsgroup = ids->second.fs_group;
      }
    // A repository shared by two PVCs (or two repositories) would let each prune the other's snapshots.
    for (const auto& rp : plan->repos) {
      if (rp.repository.empty()) continue;  // managed elsewhere (existing credentials)
      auto [it, fresh] = repository_owner.try_emplace(rp.repository, plan->pvc.namespace_, plan->pvc.name);
      if (!fresh)
        shared.push_back({Severity::kError, "repository-shared",
                          "PVC " + plan->pvc.namespace_ + "/" + plan->pvc.name +
                              " would use the same repository as PVC " + it->second.first + "/" + it->second.second,
                          plan->pvc.origin.resource, "", plan->pvc.origin.file, plan->pvc.origin.line,
                          "every PVC needs its own repository path"});
    }
    const std::size_t index = n++;
    if (plan->patch_data_source) bootstrap.emplace_back(plan->pvc.item_index, plan->rd_name);
    if (config.privileged_movers) namespaces.insert(plan->pvc.namespace_);
    if (!errors_since(shared, 0)) {
      objs.clear();
      // After a template error, expansion goes on only to report every PVC's errors.
      if (!generate_plan(*plan, index, config, creds, templates, objs, expansion)) expanded = false;
      // Plans produce text of similar size: reserving once avoids a copy of everything at each doubling.
      if (index == 1) r.written.reserve(r.written.size() * selected.size() * 11 / 10);
      for (Generated& g : objs) {
        if (!expanded) break;
        std::string id = g.identity();
        if (auto prev = previous.find(id); prev != previous.end())
          carry_annotations(input, items[prev->second].span, g.node);
        validator.check(g.node, g.ref, config.disabled_rules, invalid);
        const std::size_t begin = r.written.size();
        if (opt.stream_io) emit_block(r.written, g.node, 0);
        else emit_list_item(r.written, g.node);
        generated.push_back({std::move(id), begin, r.written.size() - begin});
      }
    }
    if (opt.keep_plans) r.plans.push_back(std::move(*plan));
  }
  pvcs.clear();
  pvcs.shrink_to_fit();
  if (!planned) return fail(&scan);
  auto append = [&f](Findings& more) {
    f.insert(f.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    more.clear();
  };
  append(workload_findings);
  if (errors_since(f, 0)) return fail(&scan);
  append(shared);
  if (errors_since(f, 0)) return fail(&scan);
  append(expansion);
  if (!expanded) return fail(&scan);

  // Input objects we change: source Secrets (local-config), PVCs (bootstrap dataSourceRef) and
  // Namespaces (privileged movers). Each change is idempotent: a second run finds it done.
  std::map<std::size_t, Doc> patched;
  for (std::size_t i : source_items)
    if (annotation_of(items[i].node, kLocalConfigAnnotation) != "true") {
      // Keep the source Secret in the package (kpt would delete a dropped item's file) but mark it
      // local so kpt never applies it and kustomize leaves it out of its build.
      Doc copy = to_doc(items[i].node);
      set_annotation(copy, kLocalConfigAnnotation, "true");
      patched[i] = std::move(copy);
    }
  for (const auto& [item, rd_name] : bootstrap) {
    Doc copy;
    if (!parse_item_doc(input, items[item].span, copy, f)) return fail(&scan);
    Doc ref = Doc::map();
    ref.set("apiGroup", Doc::string("volsync.backube"));
    ref.set("kind", Doc::string("ReplicationDestination"));
    ref.set("name", Doc::string(rd_name));
    Doc* spec = copy.find("spec");
    if (!spec || !spec->IsMap()) spec = &copy.set("spec", Doc::map());
    spec->set("dataSourceRef", std::move(ref));
    patched[item] = std::move(copy);
  }
  if (config.privileged_movers) {
    for (const std::string& ns : namespaces) {
      bool found = false;
      for (std::size_t i = 0; i < items.size(); ++i) {
        const ItemSpan& s = items[i].span;
        if (s.api_version != "v1" || s.kind != "Namespace" || s.name != ns) continue;
        found = true;
        if (!parse_item(input, items[i], f)) return fail(&scan);
        if (annotation_of(items[i].node, kPrivilegedMoversAnnotation) == "true") continue;
        Doc copy = to_doc(items[i].node);
        set_annotation(copy, kPrivilegedMoversAnnotation, "true");
        patched[i] = std::move(copy);
      }
      if (!found) {
        Finding w{Severity::kWarning, "privileged-movers",
                  "namespace " + ns + " is not in the input, so volsync-gen cannot annotate it; privileged "
                  "movers need it annotated",
                  {"v1", "Namespace", ns, ""}, "metadata.annotations", "", 0,
                  "kubectl annotate namespace " + ns + " " + std::string(kPrivilegedMoversAnnotation) + "=true"};
        f.push_back(w);
      }
    }
  }

  // validate: the findings of what we are about to emit
  const bool refused = errors_since(invalid, 0);
  f.insert(f.end(), std::make_move_iterator(invalid.begin()), std::make_move_iterator(invalid.end()));
  if (refused) {
    f.push_back({Severity::kError, "generated-invalid",
                 "refusing to emit objects that fail validation (see the findings above)", {}, "", "", 0,
                 "check the templates (--templates) and the configuration"});
    return fail(&scan);
  }

  // emit: input order, previous generated objects replaced in place, new ones appended
  std::unordered_map<std::string_view, std::size_t> by_identity;
  by_identity.reserve(generated.size());
  for (std::size_t i = 0; i < generated.size(); ++i) by_identity.emplace(generated[i].identity, i);
  std::vector<bool> placed(generated.size(), false);
  OutputBuilder out(input, r.pieces, r.written);
  bool first_document = true;
  auto separator = [&] {
    if (opt.stream_io && !first_document) out.literal("---\n");
    first_document = false;
  };
  auto put_generated = [&](std::size_t g) {
    separator();
    r.pieces.push_back({false, generated[g].begin, generated[g].size});
    placed[g] = true;
  };
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    auto match = by_identity.end();
    if (it.generated || !by_identity.empty())
      match = by_identity.find(object_identity(it.span.api_version, it.span.kind, it.span.namespace_, it.span.name));
    if (it.generated) {
      if (match == by_identity.end() || placed[match->second]) continue;  // its PVC is gone or deselected
      put_generated(match->second);
      continue;
    }
    if (match != by_identity.end()) {
      f.push_back(item_finding(it.span, "generated-clash",
                               "an object with this name already exists in the input and was not made by "
                               "volsync-gen; refusing to overwrite it",
                               "metadata.name", "rename one of them or set " + std::string(kAnnotationPrefix) +
                               "name on the PVC"));
      continue;
    }
    separator();
    if (auto p = patched.find(i); p != patched.end()) {
      const std::size_t begin = out.mark();
      if (opt.stream_io) emit_block(r.written, p->second, 0);
      else emit_list_item(r.written, p->second);
      out.written_since(begin);
    } else if (opt.stream_io) {
      out.document(it.span);
    } else {
      out.list_item(it.span);
    }
  }
  if (errors_since(f, 0)) {
    r.pieces.clear();
    r.written.clear();
    return fail(&scan);
  }
  for (std::size_t g = 0; g < generated.size(); ++g)
    if (!placed[g]) put_generated(g);
  if (!opt.stream_io) {
    // The header goes first, but whether the list is empty is known only now.
    const std::size_t begin = r.written.size();
    r.written += "apiVersion: " + scan.list_api_version + "\nkind: ResourceList\n";
    r.written += first_document ? "items: []\n" : "items:\n";
    r.pieces.insert(r.pieces.begin(), OutputPiece{false, begin, r.written.size() - begin});
  }
  dedupe(f);
  if (!opt.stream_io) {
    // Echoed so the output is itself a complete input: running the function on it is a no-op.
    const std::size_t begin = out.mark();
    if (scan.function_config)
      emit_key_with_text(r.written, "functionConfig", item_text(input, *scan.function_config),
                         scan.function_config->flow);
    emit_results(r.written, f);
    out.written_since(begin);
  }
  r.ok = true;
  if (!opt.pieces_only) {
    r.output = r.text(input);
    r.pieces.clear();
    r.written.clear();
    r.written.shrink_to_fit();
  }
  r.config = std::make_shared<const Config>(config);
  return r;
}

std::string FunctionResult::text(std::string_view input) const {
  return pieces.empty() ? output : join_pieces(pieces, input, written);
}

bool FunctionResult::write(std::FILE* out, std::string_view input) const {
  if (!pieces.empty()) return write_pieces(out, pieces, input, written);
  return std::fwrite(output.data(), 1, output.size(), out) == output.size() && std::fflush(out) == 0;
}

}  // namespace vg
