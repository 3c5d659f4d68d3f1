-- Argo CD health check for VolSync ReplicationDestination (volsync.backube/v1alpha1).
-- argocd-cm key: resource.customizations.health.volsync.backube_ReplicationDestination
-- Runs in Argo CD's Lua 5.1 VM with the live object in `obj`; returns {status, message}.
-- A restore is Progressing until VolSync reports status.latestImage, so the PVC in the next sync
-- wave is only created once its data is there.
--   Degraded     Synchronizing reason Error, or the last mover run failed
--   Suspended    spec.paused (volsync-gen restore mode manual until volsync-gen.io/restore-now)
--   Progressing  no status yet, restore running, or no restored image yet
--   Healthy      status.latestImage set and no restore running
-- Kopia (perfectra1n fork, spec.kopia): a failed restore names the identity it looked for and those
-- the repository has (status.kopia); a restore that found no snapshot succeeds with an empty volume,
-- so a successful run whose log has no "Restored ... files" line says so (still Healthy: a first
-- deployment has nothing to restore yet, and Degraded would block its sync forever).
local hs = {}

local function condition(status, type_)
  if status == nil or status.conditions == nil then return nil end
  for _, c in ipairs(status.conditions) do
    if c.type == type_ then return c end
  end
  return nil
end

local function with(prefix, detail)
  if detail ~= nil and detail ~= "" then return prefix .. ": " .. detail end
  return prefix
end

-- status.kopia: "; looked for app@media, the repository has: app-dst@media (0), app@media (12)"
local function kopia_identities(status)
  local k = status ~= nil and status.kopia or nil
  if k == nil or k.requestedIdentity == nil or k.requestedIdentity == "" then return "" end
  local out = "; looked for " .. k.requestedIdentity
  if k.availableIdentities ~= nil and #k.availableIdentities > 0 then
    local names = {}
    for _, a in ipairs(k.availableIdentities) do
      names[#names + 1] = tostring(a.identity) .. " (" .. tostring(a.snapshotCount or 0) .. ")"
    end
    out = out .. ", the repository has: " .. table.concat(names, ", ")
  end
  return out
end

-- A successful kopia restore whose log (VolSync keeps the lines that match its filter, among them
-- kopia's "Restored N files ...") shows no restored files: no snapshot matched.
local function kopia_restored_nothing(obj, mover)
  if obj.spec == nil or obj.spec.kopia == nil or mover == nil or mover.result ~= "Successful" then return false end
  local logs = mover.logs
  return type(logs) == "string" and logs ~= "" and string.find(logs, "Restored ", 1, true) == nil
end

local status = obj.status
local sync = condition(status, "Synchronizing")
local mover = status ~= nil and status.latestMoverStatus or nil
local image = status ~= nil and status.latestImage or nil

if sync ~= nil and sync.reason == "Error" then
  hs.status = "Degraded"
  hs.message = with("Restore failed", sync.message)
elseif mover ~= nil and mover.result == "Failed" then
  hs.status = "Degraded"
  hs.message = with("Last restore failed (see status.latestMoverStatus.logs)", sync and sync.message) ..
    kopia_identities(status)
elseif obj.spec ~= nil and obj.spec.paused == true then
  hs.status = "Suspended"
  hs.message = "Paused (spec.paused): set volsync-gen.io/restore-now on the PVC to restore"
elseif sync ~= nil and (sync.reason == "SyncInProgress" or sync.reason == "CleaningUp") then
  hs.status = "Progressing"
  hs.message = with("Restore in progress", sync.message)
elseif image ~= nil and image.name ~= nil then
  hs.status = "Healthy"
  hs.message = "Restored to " .. (image.kind or "image") .. " " .. image.name
  if status.lastSyncTime ~= nil then hs.message = hs.message .. " at " .. status.lastSyncTime end
  if kopia_restored_nothing(obj, mover) then
    local k = status.kopia
    hs.message = hs.message .. ", but kopia restored no files: no snapshot of " ..
      ((k ~= nil and k.requestedIdentity) or "the requested identity") ..
      " was found (a first deployment, or check spec.kopia.sourceIdentity)"
  end
elseif status == nil or sync == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for VolSync to report status"
else
  hs.status = "Progressing"
  hs.message = with("Waiting for the first restore", sync.message)
end
return hs
