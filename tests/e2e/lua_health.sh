#!/usr/bin/env bash
# e2e: the Argo CD health checks in examples/argocd/health/*.lua against a table of VolSync status
# fixtures, run the way Argo CD runs them (the live object as global `obj`, the chunk returns
# {status, message}). Argo CD embeds gopher-lua (Lua 5.1); the checks are run with lua5.4 and, when
# installed, lua5.1 too. Also checks that argocd-cm-health.yaml carries the same Lua verbatim.
# Usage: bash tests/e2e/lua_health.sh [/abs/path/to/volsync-gen]   (exit 0 pass, 1 fail, 77 skip)
# (the binary argument is accepted for the e2e runner and not used)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HEALTH=$ROOT/examples/argocd/health
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v lua5.4 >/dev/null 2>&1 || { echo "SKIP: lua5.4 not installed (Debian: apt-get install lua5.4)"; exit 77; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

cat >"$T/driver.lua" <<'LUA'
local dir = arg[1]
local RS = dir .. "/volsync.backube_ReplicationSource.lua"
local RD = dir .. "/volsync.backube_ReplicationDestination.lua"
local KM = dir .. "/volsync.backube_KopiaMaintenance.lua"

local function cond(reason, message, status)
  return {type = "Synchronizing", status = status or "True", reason = reason, message = message,
          lastTransitionTime = "2026-11-23T03:00:00Z"}
end

-- { name, script, obj, want status, message must contain }
local cases = {
  {"RS new, no status", RS, {spec = {}}, "Progressing", "Waiting for VolSync"},
  {"RS status without conditions", RS, {status = {}}, "Progressing", "Waiting for VolSync"},
  {"RS backup running", RS, {status = {conditions = {cond("SyncInProgress", "Synchronization in-progress")}}},
   "Progressing", "Backup in progress: Synchronization in-progress"},
  {"RS waiting for schedule", RS, {status = {lastSyncTime = "2026-11-23T03:05:00Z", nextSyncTime = "2026-11-24T03:00:00Z",
     latestMoverStatus = {result = "Successful"}, conditions = {cond("WaitingForSchedule", "Waiting for next scheduled synchronization", "False")}}},
   "Healthy", "next backup at 2026-11-24T03:00:00Z; last backup 2026-11-23T03:05:00Z"},
  {"RS waiting for schedule, no times", RS, {status = {conditions = {cond("WaitingForSchedule", "Waiting", "False")}}},
   "Healthy", "Waiting for the next scheduled backup"},
  {"RS waiting for manual trigger", RS, {status = {conditions = {cond("WaitingForManual", "Waiting for manual trigger", "False")}}},
   "Healthy", "manual trigger"},
  {"RS error", RS, {status = {conditions = {cond("Error", "secret gitea-data-volsync-secret not found", "False")}}},
   "Degraded", "Backup failed: secret gitea-data-volsync-secret not found"},
  {"RS last mover failed", RS, {status = {latestMoverStatus = {result = "Failed", logs = "Fatal: wrong password"},
     conditions = {cond("SyncInProgress", "Synchronization in-progress")}}}, "Degraded", "Last backup failed"},
  {"RS error beats paused", RS, {spec = {paused = true}, status = {conditions = {cond("Error", "boom", "False")}}}, "Degraded", "boom"},
  {"RS paused", RS, {spec = {paused = true}, status = {conditions = {cond("WaitingForSchedule", "", "False")}}}, "Suspended", "Paused"},
  {"RS cleaning up", RS, {status = {conditions = {cond("CleaningUp", "removing snapshot")}}}, "Progressing", "CleaningUp: removing snapshot"},
  {"RS other conditions only", RS, {status = {conditions = {{type = "Ready", status = "True"}}}}, "Progressing", "Waiting for VolSync"},

  {"RD new, no status", RD, {spec = {}}, "Progressing", "Waiting for VolSync"},
  {"RD restoring", RD, {status = {conditions = {cond("SyncInProgress", "Synchronization in-progress")}}},
   "Progressing", "Restore in progress"},
  {"RD restored", RD, {status = {lastSyncTime = "2026-11-23T03:10:00Z",
     latestImage = {apiGroup = "snapshot.storage.k8s.io", kind = "VolumeSnapshot", name = "volsync-gitea-data-restore-dst-20261123031000"},
     conditions = {cond("WaitingForManual", "Waiting for manual trigger", "False")}}},
   "Healthy", "Restored to VolumeSnapshot volsync-gitea-data-restore-dst-20261123031000 at 2026-11-23T03:10:00Z"},
  {"RD restored directly into the PVC", RD, {status = {latestImage = {kind = "PersistentVolumeClaim", name = "gitea-data"},
     conditions = {cond("WaitingForManual", "", "False")}}}, "Healthy", "PersistentVolumeClaim gitea-data"},
  {"RD restoring again keeps Progressing despite an old image", RD, {status = {latestImage = {kind = "VolumeSnapshot", name = "old"},
     conditions = {cond("SyncInProgress", "Synchronization in-progress")}}}, "Progressing", "Restore in progress"},
  {"RD waiting, no image yet", RD, {status = {conditions = {cond("WaitingForManual", "Waiting for manual trigger", "False")}}},
   "Progressing", "Waiting for the first restore"},
  {"RD error", RD, {status = {conditions = {cond("Error", "unable to find repository", "False")}}}, "Degraded", "Restore failed: unable to find repository"},
  {"RD mover failed", RD, {status = {latestMoverStatus = {result = "Failed", logs = "..."}, conditions = {cond("SyncInProgress", "")}}},
   "Degraded", "Last restore failed"},
  {"RD mover failed, no condition", RD, {status = {latestMoverStatus = {result = "Failed"}}}, "Degraded", "Last restore failed"},
  {"RD paused (manual restore mode)", RD, {spec = {paused = true}, status = {}}, "Suspended", "volsync-gen.io/restore-now"},

  -- Kopia (perfectra1n fork): status.kopia of a ReplicationDestination (mover.go updateDestinationDiscoveryStatus).
  {"RD kopia restore failed names the identities", RD, {spec = {kopia = {}}, status = {
     latestMoverStatus = {result = "Failed", logs = "ERROR: No snapshots found"},
     kopia = {requestedIdentity = "app-dst@media", snapshotsFound = 0,
              availableIdentities = {{identity = "app@media", snapshotCount = 12}, {identity = "db@media", snapshotCount = 3}}},
     conditions = {cond("SyncInProgress", "")}}},
   "Degraded", "looked for app-dst@media, the repository has: app@media (12), db@media (3)"},
  {"RD kopia restored nothing", RD, {spec = {kopia = {}}, status = {lastSyncTime = "2026-11-23T03:10:00Z",
     latestImage = {kind = "VolumeSnapshot", name = "volsync-app-dst-dest-20261123031000"},
     latestMoverStatus = {result = "Successful", logs = "Connected to repository.\nKopia completed in 3s"},
     kopia = {requestedIdentity = "app-dst@media", snapshotsFound = 0},
     conditions = {cond("WaitingForManual", "Waiting for manual trigger", "False")}}},
   "Healthy", "but kopia restored no files: no snapshot of app-dst@media was found"},
  {"RD kopia restored files", RD, {spec = {kopia = {}}, status = {
     latestImage = {kind = "VolumeSnapshot", name = "volsync-app-dst-dest-20261123031000"},
     latestMoverStatus = {result = "Successful", logs = "Restored 1520 files, 88 directories and 0 symbolic links (1.2 GB).\nKopia completed in 40s"},
     kopia = {requestedIdentity = "app@media", snapshotsFound = 0},
     conditions = {cond("WaitingForManual", "", "False")}}},
   "Healthy", "Restored to VolumeSnapshot volsync-app-dst-dest-20261123031000"},
  {"RD restic logs are not read for kopia's line", RD, {spec = {restic = {}}, status = {
     latestImage = {kind = "VolumeSnapshot", name = "s"}, latestMoverStatus = {result = "Successful", logs = "restore done"},
     conditions = {cond("WaitingForManual", "", "False")}}}, "Healthy", "Restored to VolumeSnapshot s"},

  -- KopiaMaintenance (kopiamaintenance_controller.go updateConditions).
  {"KM new, no status", KM, {spec = {}}, "Progressing", "Waiting for VolSync"},
  {"KM active", KM, {spec = {}, status = {activeCronJob = "kopia-maint-volsync-abc", lastMaintenanceTime = "2026-11-23T03:30:00Z",
     nextScheduledMaintenance = "2026-11-23T15:30:00Z",
     conditions = {{type = "Ready", status = "True", reason = "MaintenanceActive",
                    message = "Maintenance CronJob kopia-maint-volsync-abc is active for repository volsync-maintenance"},
                   {type = "Progressing", status = "False", reason = "ReconcileComplete", message = "CronJob successfully configured"},
                   {type = "MaintenanceHealthy", status = "True", reason = "OperatingNormally"}}}},
   "Healthy", "is active for repository volsync-maintenance; last run 2026-11-23T03:30:00Z; next 2026-11-23T15:30:00Z"},
  {"KM a failure or two stays Healthy", KM, {spec = {}, status = {maintenanceFailures = 2,
     conditions = {{type = "Ready", status = "True", reason = "MaintenanceActive", message = "active"},
                   {type = "MaintenanceHealthy", status = "True", reason = "OperatingNormally"}}}},
   "Healthy", "2 recent failure(s)"},
  {"KM failing", KM, {spec = {}, status = {maintenanceFailures = 5,
     conditions = {{type = "Ready", status = "True", reason = "MaintenanceActive", message = "active"},
                   {type = "MaintenanceHealthy", status = "False", reason = "ExcessiveFailures",
                    message = "Maintenance has failed 5 times. Manual intervention may be required."}}}},
   "Degraded", "CronJob suspended: Maintenance has failed 5 times"},
  {"KM reconcile failed", KM, {spec = {}, status = {conditions = {
     {type = "Ready", status = "False", reason = "ReconcileFailed", message = "Reconcile failed: secret volsync-maintenance not found"},
     {type = "Progressing", status = "True", reason = "ReconcileError"}}}},
   "Degraded", "secret volsync-maintenance not found"},
  {"KM disabled", KM, {spec = {enabled = false}, status = {conditions = {
     {type = "Ready", status = "False", reason = "MaintenanceDisabled", message = "Maintenance is disabled"}}}},
   "Suspended", "disabled"},
  {"KM suspended", KM, {spec = {suspend = true}, status = {conditions = {
     {type = "Ready", status = "True", reason = "MaintenanceActive", message = "active"}}}}, "Suspended", "spec.suspend"},
  {"KM creating its CronJob", KM, {spec = {}, status = {conditions = {
     {type = "Ready", status = "False", reason = "CronJobCreationFailed", message = "Failed to create maintenance CronJob"},
     {type = "Progressing", status = "True", reason = "CreatingCronJob", message = "Creating maintenance CronJob"}}}},
   "Degraded", "Failed to create maintenance CronJob"},
  {"KM spec change in progress", KM, {spec = {}, status = {conditions = {
     {type = "Ready", status = "True", reason = "MaintenanceActive", message = "active"},
     {type = "Progressing", status = "True", reason = "NewGenerationObserved", message = "Processing spec update"}}}},
   "Progressing", "Processing spec update"},
}

local failures = 0
for _, c in ipairs(cases) do
  local name, script, obj, want, part = c[1], c[2], c[3], c[4], c[5]
  -- Argo CD: a fresh state per call with the object as the global `obj`.
  local env = setmetatable({obj = obj}, {__index = _G})
  local chunk, err
  if setfenv then  -- Lua 5.1
    chunk, err = loadfile(script)
    if chunk then setfenv(chunk, env) end
  else
    chunk, err = loadfile(script, "t", env)
  end
  if not chunk then
    print("FAIL " .. name .. ": " .. tostring(err))
    failures = failures + 1
  else
    local ok, hs = pcall(chunk)
    if not ok then
      print("FAIL " .. name .. ": error " .. tostring(hs))
      failures = failures + 1
    elseif type(hs) ~= "table" or hs.status ~= want or type(hs.message) ~= "string"
        or not string.find(hs.message, part, 1, true) then
      print(string.format("FAIL %s: got {status=%s, message=%q}, want status %s with message containing %q",
        name, tostring(hs and hs.status), tostring(hs and hs.message), want, part))
      failures = failures + 1
    else
      -- no globals leak between calls (Argo CD reuses nothing, but a leak hints at a missing `local`)
      for k in pairs(env) do
        if k ~= "obj" then
          print("FAIL " .. name .. ": global " .. k .. " set")
          failures = failures + 1
        end
      end
    end
  end
end
print(string.format("%s: %d cases, %d failed", _VERSION, #cases, failures))
os.exit(failures == 0 and 0 or 1)
LUA

lua5.4 "$T/driver.lua" "$HEALTH" || fail "health checks (lua5.4)"
if command -v lua5.1 >/dev/null 2>&1; then
  lua5.1 "$T/driver.lua" "$HEALTH" || fail "health checks (lua5.1)"
fi

# The argocd-cm snippet must carry the tested Lua verbatim.
if python3 -c 'import yaml' 2>/dev/null; then
  python3 - "$ROOT/examples/argocd/argocd-cm-health.yaml" "$HEALTH" <<'PY' || fail "argocd-cm-health.yaml differs from health/*.lua"
import os, sys, yaml
cm = yaml.safe_load(open(sys.argv[1]))
assert cm["kind"] == "ConfigMap" and cm["metadata"]["name"] == "argocd-cm"
for kind in ("ReplicationSource", "ReplicationDestination", "KopiaMaintenance"):
    key = f"resource.customizations.health.volsync.backube_{kind}"
    lua = open(os.path.join(sys.argv[2], f"volsync.backube_{kind}.lua")).read()
    assert cm["data"].get(key) == lua, f"{key} is not health/volsync.backube_{kind}.lua"
PY
else
  echo "note: PyYAML missing, argocd-cm-health.yaml not compared"
fi
echo "PASS: lua_health"
