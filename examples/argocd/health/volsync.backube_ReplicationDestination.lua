-- Argo CD health check for VolSync ReplicationDestination (volsync.backube/v1alpha1).
-- argocd-cm key: resource.customizations.health.volsync.backube_ReplicationDestination
-- Runs in Argo CD's Lua 5.1 VM with the live object in `obj`; returns {status, message}.
-- A restore is Progressing until VolSync reports status.latestImage, so the PVC in the next sync
-- wave is only created once its data is there.
--   Degraded     Synchronizing reason Error, or the last mover run failed
--   Suspended    spec.paused (volsync-gen restore mode manual until volsync-gen.io/restore-now)
--   Progressing  no status yet, restore running, or no restored image yet
--   Healthy      status.latestImage set and no restore running
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

local status = obj.status
local sync = condition(status, "Synchronizing")
local mover = status ~= nil and status.latestMoverStatus or nil
local image = status ~= nil and status.latestImage or nil

if sync ~= nil and sync.reason == "Error" then
  hs.status = "Degraded"
  hs.message = with("Restore failed", sync.message)
elseif mover ~= nil and mover.result == "Failed" then
  hs.status = "Degraded"
  hs.message = with("Last restore failed (see status.latestMoverStatus.logs)", sync and sync.message)
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
elseif status == nil or sync == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for VolSync to report status"
else
  hs.status = "Progressing"
  hs.message = with("Waiting for the first restore", sync.message)
end
return hs
