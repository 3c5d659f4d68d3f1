-- Argo CD health check for KopiaMaintenance (volsync.backube/v1alpha1, the perfectra1n VolSync fork).
-- argocd-cm key: resource.customizations.health.volsync.backube_KopiaMaintenance
-- Runs in Argo CD's Lua 5.1 VM with the live object in `obj`; returns {status, message}.
-- Reads the conditions the fork's controller sets (kopiamaintenance_controller.go updateConditions):
--   Degraded     MaintenanceHealthy False (5 failures in a row: the CronJob is suspended), or Ready
--                False for a reconcile error or a CronJob that could not be created
--   Suspended    spec.enabled false, or spec.suspend
--   Progressing  no status yet, or Progressing True (a spec change or the CronJob being created)
--   Healthy      Ready True: the maintenance CronJob is active
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
local spec = obj.spec or {}
local ready = condition(status, "Ready")
local healthy = condition(status, "MaintenanceHealthy")
local progressing = condition(status, "Progressing")

if healthy ~= nil and healthy.status == "False" then
  hs.status = "Degraded"
  hs.message = with("Maintenance failing, CronJob suspended", healthy.message)
elseif ready ~= nil and ready.status == "False" and
    (ready.reason == "ReconcileFailed" or ready.reason == "CronJobCreationFailed") then
  hs.status = "Degraded"
  hs.message = with("Maintenance not set up", ready.message)
elseif spec.enabled == false or (ready ~= nil and ready.reason == "MaintenanceDisabled") then
  hs.status = "Suspended"
  hs.message = "Maintenance is disabled (spec.enabled: false)"
elseif spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "Maintenance CronJob suspended (spec.suspend)"
elseif ready == nil or (progressing ~= nil and progressing.status == "True") then
  hs.status = "Progressing"
  hs.message = with("Waiting for VolSync to set up maintenance", progressing and progressing.message)
elseif ready.status == "True" then
  hs.status = "Healthy"
  hs.message = with("Maintenance active", ready.message)
  if status.lastMaintenanceTime ~= nil then hs.message = hs.message .. "; last run " .. status.lastMaintenanceTime end
  if status.nextScheduledMaintenance ~= nil then
    hs.message = hs.message .. "; next " .. status.nextScheduledMaintenance
  end
  if status.maintenanceFailures ~= nil and status.maintenanceFailures > 0 then
    hs.message = hs.message .. "; " .. status.maintenanceFailures .. " recent failure(s)"
  end
else
  hs.status = "Progressing"
  hs.message = with(ready.reason or "Waiting", ready.message)
end
return hs
