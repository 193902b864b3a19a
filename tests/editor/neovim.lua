-- Drives `rulecheck server` from Neovim's built-in LSP client (headless), as a user would:
-- open a script, wait for the diagnostic, apply the preferred quick fix, wait for a clean
-- buffer. Writes what it saw, one fact per line, to $OUT; then quits.
-- Uses the client API of Neovim 0.7 and later (start_client, buf_attach_client).
local bin, root, script, out = os.getenv("RULECHECK_BIN"), os.getenv("WORKSPACE"),
  os.getenv("SCRIPT"), os.getenv("OUT")
local seen = {}
local function finish(last)
  table.insert(seen, last)
  local file = assert(io.open(out, "w"))
  file:write(table.concat(seen, "\n") .. "\n")
  file:close()
  vim.cmd("qa!")
end

vim.cmd("edit " .. vim.fn.fnameescape(script))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({ name = "rulecheck", cmd = { bin, "server" }, root_dir = root })
vim.lsp.buf_attach_client(buf, client)

local function find(code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then
      return d
    end
  end
end

if not vim.wait(15000, function() return find("approval_status_value") ~= nil end, 20) then
  return finish("no diagnostic")
end
local d = find("approval_status_value")
table.insert(seen, string.format("diagnostic %d:%d-%d:%d", d.lnum, d.col, d.end_lnum, d.end_col))

local range = { start = { line = d.lnum, character = d.col },
                ["end"] = { line = d.end_lnum, character = d.end_col } }
local lsp = (d.user_data and d.user_data.lsp) or {}
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = range,
  context = { diagnostics = { { range = range, message = d.message, source = d.source,
                                code = d.code, severity = d.severity, data = lsp.data } } },
}
local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000) or {}
local chosen
for _, response in pairs(responses) do
  for _, action in ipairs(response.result or {}) do
    if action.isPreferred then
      chosen = action
    end
  end
end
if not chosen then
  return finish("no preferred quick fix")
end
table.insert(seen, "quick fix " .. chosen.title)
vim.lsp.util.apply_workspace_edit(chosen.edit, "utf-16")
table.insert(seen, "line " .. vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1])

if not vim.wait(15000, function() return #vim.diagnostic.get(buf) == 0 end, 20) then
  return finish("not clean: " .. vim.inspect(vim.diagnostic.get(buf)))
end
finish("clean")
