// The objects adopt reads, and which of them back up which PVC today.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cli/lint.h"
#include "krm/finding.h"
#include "yaml/doc.h"

namespace vg {

struct SourceObject {
  Doc doc;
  ResourceRef ref;
  std::string file;
  int line = 0;
};

// Every object of every source (YAML streams, or ResourceLists: their items). Parse errors are findings.
bool read_source_objects(const std::vector<LintSource>& sources, std::vector<SourceObject>& out, Findings& f);

// One PVC backed up today: its ReplicationSources (restic or kopia) and the ReplicationDestination it
// restores from, all indices into the objects.
struct TodaysBackup {
  std::size_t pvc = 0;
  std::vector<std::size_t> sources;
  std::vector<std::string> repositories;  // the repository name each source stands for ("" with one)
  std::optional<std::size_t> destination;
  std::string restore_mode;  // bootstrap (dataSourceRef), manual (destinationPVC), snapshot, none
};

// Groups the restic and kopia ReplicationSources by PVC and finds each PVC's ReplicationDestination:
// the one its dataSourceRef names, else one restoring into it (destinationPVC), else one reading one
// of its repositories' Secrets (kopia: one whose identity is one of its sources, since one kopia
// repository holds many PVCs). Repository names: with one source per PVC everywhere, none; else the
// last '-' part of each source's Secret name (radarr-volsync-minio: minio), unique within a PVC.
std::vector<TodaysBackup> find_backups(const std::vector<SourceObject>& objects);

bool is_kind(const SourceObject& o, std::string_view api, std::string_view kind);
// The mover block a ReplicationSource/Destination has: "restic", "kopia", or "" (another mover).
std::string mover_of(const Doc& d);
// Its repository Secret (spec.<mover>.repository).
std::string repository_secret(const Doc& d);
std::string scalar_at(const Doc& d, std::initializer_list<std::string_view> path);

}  // namespace vg
