-- Neovim's built-in LSP client against `pymemlint server`, run by tests/test_lsp_nvim.cpp:
--   PML_SERVER=build/pymemlint PML_FILE=x.py PML_REPORT=out.json nvim --headless --clean -c 'luafile lsp_e2e.lua'
-- Opens the file, waits for diagnostics, applies the preferred quick fix of the first finding and
-- the "Disable ... for this line" action of the second, writes the file, waits for the new
-- diagnostics, and writes a JSON report. Exits 0 when the steps ran (the test checks the results).
local server = os.getenv('PML_SERVER')
local file = os.getenv('PML_FILE')
local report_path = os.getenv('PML_REPORT')
local report = { steps = {} }

local function finish(code)
  local out = io.open(report_path, 'w')
  out:write(vim.fn.json_encode(report))
  out:close()
  vim.cmd((code == 0 and 'qall!' or ('cquit ' .. code)))
end

local function fail(message)
  report.error = message
  finish(3)
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local config = { name = 'pymemlint', cmd = { server, 'server' }, root_dir = vim.fn.fnamemodify(file, ':p:h') }
  local client_id
  if vim.lsp.start then  -- Neovim 0.8 and later
    client_id = vim.lsp.start(config)
  else                   -- Neovim 0.7 (Debian 12)
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, client_id)
  end
  table.insert(report.steps, 'started')

  local function diagnostics()
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(out, { code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity,
                          message = d.message, source = d.source })
    end
    table.sort(out, function(a, b) return a.lnum < b.lnum end)
    return out
  end

  if not vim.wait(20000, function() return #vim.diagnostic.get(buf) >= 2 end, 20) then
    return fail('no diagnostics within 20 s')
  end
  report.before = diagnostics()
  local client = vim.lsp.get_client_by_id(client_id)
  report.offset_encoding = client.offset_encoding

  local function actions_at(d)
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
    params.context = { diagnostics = {}, only = { 'quickfix' } }
    local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000) or {}
    local actions = {}
    for _, r in pairs(responses) do
      for _, a in ipairs(r.result or {}) do table.insert(actions, a) end
    end
    return actions
  end

  local function wait_for_count(n)
    return vim.wait(20000, function() return #vim.diagnostic.get(buf) == n end, 20)
  end

  -- The first finding: its preferred (safe) quick fix.
  local first = report.before[1]
  local applied
  for _, a in ipairs(actions_at(first)) do
    if a.isPreferred then applied = a break end
  end
  if not applied then return fail('no preferred quick fix for ' .. tostring(first.code)) end
  report.fix_title = applied.title
  vim.lsp.util.apply_workspace_edit(applied.edit, client.offset_encoding)
  if not wait_for_count(#report.before - 1) then return fail('diagnostics did not update after the fix') end
  table.insert(report.steps, 'fixed')

  -- The second finding: silence it with `# noqa`.
  local second = diagnostics()[1]
  local disable
  for _, a in ipairs(actions_at(second)) do
    if a.title:match('^Disable ') then disable = a end
  end
  if not disable then return fail('no "Disable" action for ' .. tostring(second.code)) end
  report.disable_title = disable.title
  vim.lsp.util.apply_workspace_edit(disable.edit, client.offset_encoding)
  if not wait_for_count(0) then return fail('diagnostics did not update after the noqa') end
  table.insert(report.steps, 'silenced')

  vim.cmd('write')
  report.after = diagnostics()
  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.client_is_stopped(client_id) end, 20)
  table.insert(report.steps, 'stopped')
  finish(0)
end)
if not ok then fail('lua error: ' .. tostring(err)) end
