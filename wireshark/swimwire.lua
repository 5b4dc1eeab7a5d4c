-- Wireshark and tshark (4.0 and later) dissector for the SWIM gossip format
-- of the ember cache: every message and update of SPEC §1-§3, the checks of
-- SPEC §4, reported as swimwire reports them (error kind and byte offset),
-- and the HMAC-SHA256 tags of SPEC §5, verified when a key file is set.
--
-- Load it with `tshark -X lua_script:swimwire.lua`, or copy it into the
-- personal Lua plugins folder (Help > About Wireshark > Folders). Fields are
-- under `swim.`; preferences under Protocols > SWIM.
--
-- Every length is checked here before a byte is read, so truncation is
-- reported as swimwire's `truncated` at the field that does not fit, never
-- as a Wireshark bounds exception.

local swim = Proto("swim", "SWIM gossip (ember)")

local MESSAGE_TYPES = {
  [1] = "ping", [2] = "ping_req", [3] = "ack",
  [4] = "join", [5] = "welcome", [6] = "slots_announce",
}
local MESSAGE_TITLES = {
  ping = "Ping", ping_req = "PingReq", ack = "Ack",
  join = "Join", welcome = "Welcome", slots_announce = "SlotsAnnounce",
}
local UPDATE_TYPES = {
  [1] = "alive", [2] = "suspect", [3] = "dead", [4] = "left",
  [5] = "slots_changed", [6] = "role_changed",
  [7] = "vote_request", [8] = "vote_granted",
}
-- The error kinds of SPEC §4, with what they mean.
local ERROR_KINDS = {
  truncated = "the datagram ends inside a field or record",
  unknown_message_type = "unknown message type tag",
  unknown_update_type = "unknown update type tag",
  unknown_address_family = "address family is neither 4 nor 6",
  count_over_limit = "list count is above the collection limit",
  invalid_slot_range = "slot range has start > end or end >= 16384",
  invalid_bool = "bool byte is neither 0 nor 1",
  trailing_bytes = "bytes left over after the message",
  bad_auth_tag = "the authentication tag is missing or wrong",
}
local SLOT_COUNT = 16384
local TAG_LEN = 32

-- Fields: names follow the JSON of SPEC §8.
local F = {
  type = ProtoField.string("swim.type", "Type"),
  seq = ProtoField.uint64("swim.seq", "Sequence number", base.DEC),
  sender = ProtoField.guid("swim.sender", "Sender"),
  sender_addr = ProtoField.string("swim.sender_addr", "Sender address"),
  target = ProtoField.guid("swim.target", "Target"),
  target_addr = ProtoField.string("swim.target_addr", "Target address"),
  incarnation = ProtoField.uint64("swim.incarnation", "Incarnation", base.DEC),
  -- Generated: every node id of the message, whatever its role, so that
  -- `swim.node == <uuid>` finds all that is said by or about a node.
  node = ProtoField.guid("swim.node", "Node mentioned"),

  updates = ProtoField.none("swim.updates", "Updates"),
  updates_count = ProtoField.uint16("swim.updates.count", "Count", base.DEC),
  update = ProtoField.none("swim.update", "Update"),
  update_type = ProtoField.string("swim.update.type", "Type"),
  update_node = ProtoField.guid("swim.update.node", "Node"),
  update_addr = ProtoField.string("swim.update.addr", "Address"),
  update_incarnation = ProtoField.uint64("swim.update.incarnation", "Incarnation", base.DEC),
  update_is_primary = ProtoField.bool("swim.update.is_primary", "Primary"),
  update_has_replicates = ProtoField.bool("swim.update.has_replicates", "Replicates a primary"),
  update_replicates = ProtoField.guid("swim.update.replicates", "Replicates"),
  update_candidate = ProtoField.guid("swim.update.candidate", "Candidate"),
  update_epoch = ProtoField.uint64("swim.update.epoch", "Epoch", base.DEC),
  update_offset = ProtoField.uint64("swim.update.offset", "Replication offset", base.DEC),
  update_from = ProtoField.guid("swim.update.from", "From"),
  -- Generated: the node of an update of one type, so that a filter can ask
  -- for a type and a node in the same update.
  update_alive = ProtoField.guid("swim.update.alive", "Claimed alive"),
  update_suspect = ProtoField.guid("swim.update.suspect", "Claimed suspect"),
  update_dead = ProtoField.guid("swim.update.dead", "Claimed dead"),
  update_left = ProtoField.guid("swim.update.left", "Claimed left"),

  members = ProtoField.none("swim.members", "Members"),
  members_count = ProtoField.uint16("swim.members.count", "Count", base.DEC),
  member = ProtoField.none("swim.member", "Member"),
  member_id = ProtoField.guid("swim.member.id", "Id"),
  member_addr = ProtoField.string("swim.member.addr", "Address"),
  member_incarnation = ProtoField.uint64("swim.member.incarnation", "Incarnation", base.DEC),
  member_is_primary = ProtoField.bool("swim.member.is_primary", "Primary"),

  slots = ProtoField.none("swim.slots", "Slots"),
  slots_count = ProtoField.uint16("swim.slots.count", "Count", base.DEC),
  slots_range = ProtoField.none("swim.slots.range", "Slot range"),
  slots_start = ProtoField.uint16("swim.slots.start", "Start", base.DEC),
  slots_end = ProtoField.uint16("swim.slots.end", "End", base.DEC),

  addr_family = ProtoField.uint8("swim.addr.family", "Family", base.DEC,
                                 { [4] = "IPv4", [6] = "IPv6" }),
  addr_ipv4 = ProtoField.ipv4("swim.addr.ipv4", "IPv4 address"),
  addr_ipv6 = ProtoField.ipv6("swim.addr.ipv6", "IPv6 address"),
  addr_port = ProtoField.uint16("swim.addr.port", "Port", base.DEC),

  trailing = ProtoField.uint32("swim.trailing", "Trailing bytes (ignored)", base.DEC),
  auth_tag = ProtoField.bytes("swim.auth_tag", "HMAC-SHA256 tag"),
  cut = ProtoField.uint32("swim.cut", "Bytes missing from the capture", base.DEC),

  error = ProtoField.none("swim.error", "Error"),
  error_kind = ProtoField.string("swim.error.kind", "Kind"),
  error_offset = ProtoField.uint32("swim.error.offset", "Offset", base.DEC),
}
local fields = {}
for _, field in pairs(F) do fields[#fields + 1] = field end
swim.fields = fields

local E = {}
for kind, description in pairs(ERROR_KINDS) do
  E[kind] = ProtoExpert.new("swim.malformed." .. kind, kind .. ": " .. description,
                            expert.group.MALFORMED, expert.severity.ERROR)
end
E.trailing = ProtoExpert.new("swim.trailing_ignored", "Trailing bytes ignored (lenient)",
                             expert.group.PROTOCOL, expert.severity.NOTE)
E.unverified = ProtoExpert.new("swim.tag_unverified", "HMAC-SHA256 tag not verified",
                               expert.group.SECURITY, expert.severity.NOTE)
E.verified = ProtoExpert.new("swim.tag_verified", "HMAC-SHA256 tag verified",
                             expert.group.SECURITY, expert.severity.CHAT)
E.cut = ProtoExpert.new("swim.cut_by_capture", "Datagram cut by the capture's snap length",
                        expert.group.UNDECODED, expert.severity.WARN)
local experts = {}
for _, e in pairs(E) do experts[#experts + 1] = e end
swim.experts = experts

swim.prefs.ports = Pref.range("UDP ports", "16379",
  "Gossip ports (the ember default is the data port + 10000); a list or ranges, e.g. 16379,17000-17999",
  65535)
swim.prefs.max_collection = Pref.uint("Collection limit", 1024,
  "The most updates, members or slot ranges a list may have (1 to 65535; ember nodes enforce 1024)")
swim.prefs.lenient = Pref.bool("Lenient profile", false,
  "Accept what ember nodes accept: any non-zero bool byte is true and trailing bytes are ignored."
  .. " Off: the strict profile, only canonical encodings")
swim.prefs.authenticated = Pref.bool("Frames carry an HMAC-SHA256 tag", false,
  "The last 32 bytes of each datagram are an HMAC-SHA256 tag; the bytes before it are the message")
swim.prefs.key_file = Pref.string("Key file", "",
  "The cluster's shared secret, as ember nodes read it (--cluster-auth-pass-file: UTF-8, trailing"
  .. " whitespace dropped), to verify tags with; without it tags are shown, not verified")

-- A number as decimal text. (Wireshark built with Lua 5.3 or later may hand
-- integers over as floats, which tostring would print as "7946.0".)
local function int(n)
  return string.format("%d", n)
end

-- HMAC-SHA256 (FIPS 180-4, RFC 2104) on Wireshark's bundled BitOp library,
-- which every Wireshark version has, whatever its Lua. Words are kept as
-- BitOp's signed 32-bit numbers; sums are brought back with tobit.
local band, bor, bxor, bnot = bit.band, bit.bor, bit.bxor, bit.bnot
local lshift, rshift, ror, tobit = bit.lshift, bit.rshift, bit.ror, bit.tobit

local SHA256_K = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}
for i, k in ipairs(SHA256_K) do SHA256_K[i] = tobit(k) end

local function sha256(message)
  local bits = #message * 8
  local high, low = math.floor(bits / 0x100000000), bits % 0x100000000
  local function be32(n)
    return string.char(band(rshift(n, 24), 255), band(rshift(n, 16), 255),
                       band(rshift(n, 8), 255), band(n, 255))
  end
  message = message .. "\128" .. string.rep("\0", (55 - #message) % 64)
            .. be32(tobit(high)) .. be32(tobit(low))
  local h = { tobit(0x6a09e667), tobit(0xbb67ae85), tobit(0x3c6ef372), tobit(0xa54ff53a),
              tobit(0x510e527f), tobit(0x9b05688c), tobit(0x1f83d9ab), tobit(0x5be0cd19) }
  local w = {}
  for block = 1, #message, 64 do
    for i = 1, 16 do
      local b1, b2, b3, b4 = message:byte(block + 4 * i - 4, block + 4 * i - 1)
      w[i] = bor(lshift(b1, 24), lshift(b2, 16), lshift(b3, 8), b4)
    end
    for i = 17, 64 do
      local x, y = w[i - 15], w[i - 2]
      local s0 = bxor(ror(x, 7), ror(x, 18), rshift(x, 3))
      local s1 = bxor(ror(y, 17), ror(y, 19), rshift(y, 10))
      w[i] = tobit(w[i - 16] + s0 + w[i - 7] + s1)
    end
    local a, b, c, d, e, f, g, hh = h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8]
    for i = 1, 64 do
      local s1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
      local ch = bxor(band(e, f), band(bnot(e), g))
      local t1 = tobit(hh + s1 + ch + SHA256_K[i] + w[i])
      local s0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
      local maj = bxor(band(a, b), band(a, c), band(b, c))
      hh, g, f, e, d, c, b, a = g, f, e, tobit(d + t1), c, b, a, tobit(t1 + s0 + maj)
    end
    h[1], h[2], h[3], h[4] = tobit(h[1] + a), tobit(h[2] + b), tobit(h[3] + c), tobit(h[4] + d)
    h[5], h[6], h[7], h[8] = tobit(h[5] + e), tobit(h[6] + f), tobit(h[7] + g), tobit(h[8] + hh)
  end
  local out = {}
  for i = 1, 8 do out[i] = be32(h[i]) end
  return table.concat(out)
end

local function hmac_sha256(key, message)
  if #key > 64 then key = sha256(key) end
  key = key .. string.rep("\0", 64 - #key)
  local inner, outer = {}, {}
  for i = 1, 64 do
    local byte = key:byte(i)
    inner[i] = string.char(bxor(byte, 0x36))
    outer[i] = string.char(bxor(byte, 0x5c))
  end
  return sha256(table.concat(outer) .. sha256(table.concat(inner) .. message))
end

-- Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or
-- code points above U+10FFFF), as Rust's str requires.
local function is_utf8(text)
  local i = 1
  while i <= #text do
    local first = text:byte(i)
    local len = first < 0x80 and 1 or (first >= 0xC2 and first <= 0xDF) and 2
                or (first >= 0xE0 and first <= 0xEF) and 3
                or (first >= 0xF0 and first <= 0xF4) and 4 or nil
    if not len then return false end
    for j = i + 1, i + len - 1 do
      local byte = text:byte(j)
      if not byte or byte < 0x80 or byte > 0xBF then return false end
    end
    local second = text:byte(i + 1)
    if (first == 0xE0 and second < 0xA0) or (first == 0xED and second > 0x9F)
       or (first == 0xF0 and second < 0x90) or (first == 0xF4 and second > 0x8F) then
      return false
    end
    i = i + len
  end
  return true
end

-- The UTF-8 encodings of Unicode's White_Space characters, which Rust's
-- str::trim_end drops.
local WHITE_SPACE = {
  "\t", "\n", "\v", "\f", "\r", " ", "\194\133", "\194\160", "\225\154\128",
  "\226\128\168", "\226\128\169", "\226\128\175", "\226\129\159", "\227\128\128",
}
for last = 0x80, 0x8A do WHITE_SPACE[#WHITE_SPACE + 1] = "\226\128" .. string.char(last) end

local function trim_end(text)
  local trimmed = true
  while trimmed do
    trimmed = false
    for _, space in ipairs(WHITE_SPACE) do
      if #text >= #space and text:sub(-#space) == space then
        text = text:sub(1, -#space - 1)
        trimmed = true
      end
    end
  end
  return text
end

-- The secret in a key file as ember nodes read it (SPEC §5), or nil and why
-- it cannot be used.
local function read_key(path)
  local file, problem = io.open(path, "rb")
  if not file then return nil, problem end
  local text = file:read("*a") or ""
  file:close()
  if not is_utf8(text) then return nil, path .. " is not UTF-8" end
  text = trim_end(text)
  if text == "" then return nil, path .. " holds no secret" end
  return text
end

-- Decoding failures travel as a table raised with error(); anything else
-- raised is a fault of this script and is raised again.
local Failure = {}
local function fail(kind, offset)
  error(setmetatable({ kind = kind, offset = offset }, Failure), 0)
end

-- A reader over the message bytes [0, len) of tvb.
local Reader = {}
Reader.__index = Reader

local function reader(tvb, len, profile_lenient, limit)
  return setmetatable({ tvb = tvb, len = len, off = 0,
                        lenient = profile_lenient, limit = limit }, Reader)
end

-- The next n bytes as a range, or `truncated` where they start.
function Reader:take(n)
  if self.off + n > self.len then fail("truncated", self.off) end
  local range = self.tvb(self.off, n)
  self.off = self.off + n
  return range
end

function Reader:u8()
  local range = self:take(1)
  return range, range:uint()
end

function Reader:u16()
  local range = self:take(2)
  return range, range:le_uint()
end

function Reader:u64()
  local range = self:take(8)
  return range, range:le_uint64()
end

-- A node id: its range and its text as uuid::Uuid prints it.
function Reader:id()
  local range = self:take(16)
  local hex = string.lower(range:bytes():tohex())
  return range, string.format("%s-%s-%s-%s-%s", hex:sub(1, 8), hex:sub(9, 12),
                              hex:sub(13, 16), hex:sub(17, 20), hex:sub(21, 32))
end

-- A bool byte: 0 or 1, or in the lenient profile any byte (non-zero is true).
function Reader:bool()
  local at = self.off
  local range, byte = self:u8()
  if byte > 1 and not self.lenient then fail("invalid_bool", at) end
  return range, byte ~= 0
end

-- A list count, checked against the limit before its items are read.
function Reader:count()
  local at = self.off
  local range, count = self:u16()
  if count > self.limit then fail("count_over_limit", at) end
  return range, count
end

-- Fails as `truncated` at the next byte unless n bytes are left, without
-- reading them: for records whose first field is read later.
function Reader:ensure(n)
  if self.off + n > self.len then fail("truncated", self.off) end
end

-- The range from `start` to where the reader is.
function Reader:since(start)
  return self.tvb(start, self.off - start)
end

local function ipv4_text(range)
  local octets = {}
  for i = 0, 3 do octets[#octets + 1] = int(range(i, 1):uint()) end
  return table.concat(octets, ".")
end

-- An IPv6 address as Rust's Ipv6Addr prints it (RFC 5952: the first longest
-- run of two or more zero groups is "::"; mapped IPv4 as ::ffff:a.b.c.d).
local function ipv6_text(range)
  local groups = {}
  for i = 0, 7 do groups[i + 1] = range(2 * i, 2):uint() end
  local mapped = groups[6] == 0xffff
  for i = 1, 5 do mapped = mapped and groups[i] == 0 end
  if mapped then return "::ffff:" .. ipv4_text(range(12, 4)) end
  local best_start, best_len, run_start, run_len = 0, 0, 0, 0
  for i = 1, 8 do
    if groups[i] == 0 then
      if run_len == 0 then run_start = i end
      run_len = run_len + 1
      if run_len > best_len then best_start, best_len = run_start, run_len end
    else
      run_len = 0
    end
  end
  local function hex(from, to)
    local out = {}
    for i = from, to do out[#out + 1] = string.format("%x", groups[i]) end
    return table.concat(out, ":")
  end
  if best_len > 1 then
    return hex(1, best_start - 1) .. "::" .. hex(best_start + best_len, 8)
  end
  return hex(1, 8)
end

-- An address (family, octets, port) under `tree` as field `field`, with
-- its parts below it. Read whole before anything is shown.
function Reader:addr(tree, field)
  local start = self.off
  local family_range, family = self:u8()
  local ip_range, text
  if family == 4 then
    ip_range = self:take(4)
    text = ipv4_text(ip_range)
  elseif family == 6 then
    ip_range = self:take(16)
    text = "[" .. ipv6_text(ip_range) .. "]"
  else
    fail("unknown_address_family", start)
  end
  local port_range, port = self:u16()
  text = text .. ":" .. int(port)
  local item = tree:add(field, self:since(start), text)
  item:add(F.addr_family, family_range)
  item:add(family == 4 and F.addr_ipv4 or F.addr_ipv6, ip_range)
  item:add_le(F.addr_port, port_range)
  return text
end

-- A node id under `tree`, and as `swim.node`; returns its text and range.
function Reader:add_id(tree, field)
  local range, text = self:id()
  tree:add(field, range)
  tree:add(F.node, range):set_generated()
  return text, range
end

function Reader:add_u64(tree, field)
  local range, value = self:u64()
  tree:add_le(field, range)
  return tostring(value)
end

function Reader:add_bool(tree, field)
  local range, value = self:bool()
  tree:add(field, range, value)
  return value
end

-- A list: a subtree `list_field` holding the count and, for each item,
-- whatever `item` adds. `item(index, tree)` returns nothing.
function Reader:list(tree, list_field, count_field, item)
  local start = self.off
  local count_range, count = self:count()
  local subtree = tree:add(list_field, count_range)
  subtree:add_le(count_field, count_range)
  subtree:append_text(": " .. int(count))
  for index = 1, count do item(index, subtree) end
  subtree:set_len(self.off - start)
  return count
end

-- Slots: a count and that many ranges, each `start <= end < 16384`.
function Reader:slots(tree)
  return self:list(tree, F.slots, F.slots_count, function(_, subtree)
    local at = self.off
    local range = self:take(4)
    local first, last = range(0, 2):le_uint(), range(2, 2):le_uint()
    local item = subtree:add(F.slots_range, range)
    item:add_le(F.slots_start, range(0, 2))
    item:add_le(F.slots_end, range(2, 2))
    item:set_text(string.format("Slot range: %d-%d", first, last))
    if first > last or last >= SLOT_COUNT then fail("invalid_slot_range", at) end
  end)
end

-- One update (SPEC §3) under `tree`; `tally` counts updates by type.
function Reader:update(index, tree, tally)
  local start = self.off
  local tag_range, tag = self:u8()
  local kind = UPDATE_TYPES[tag]
  local item = tree:add(F.update, tag_range)
  item:set_text(string.format("Update %d: %s", index, kind or "unknown"))
  if not kind then
    item:add(F.update_type, tag_range, "unknown")
    fail("unknown_update_type", start)
  end
  item:add(F.update_type, tag_range, kind)
  if not tally.counts[kind] then tally.order[#tally.order + 1] = kind end
  tally.counts[kind] = (tally.counts[kind] or 0) + 1
  local subject
  if kind == "vote_request" then
    subject = self:add_id(item, F.update_candidate)
    self:add_u64(item, F.update_epoch)
    self:add_u64(item, F.update_offset)
  elseif kind == "vote_granted" then
    subject = self:add_id(item, F.update_from)
    self:add_id(item, F.update_candidate)
    self:add_u64(item, F.update_epoch)
  else
    local node
    subject, node = self:add_id(item, F.update_node)
    local claim = F["update_" .. kind]
    if claim then item:add(claim, node):set_generated() end
    if kind == "alive" then
      self:addr(item, F.update_addr)
    end
    if kind ~= "left" then
      self:add_u64(item, F.update_incarnation)
    end
    if kind == "slots_changed" then
      self:slots(item)
    elseif kind == "role_changed" then
      self:add_bool(item, F.update_is_primary)
      if self:add_bool(item, F.update_has_replicates) then
        self:add_id(item, F.update_replicates)
      end
    end
  end
  item:append_text(" " .. subject)
  item:set_len(self.off - start)
end

function Reader:updates(tree)
  -- Types in the order they first occur, and how many of each.
  local tally = { order = {}, counts = {} }
  local count = self:list(tree, F.updates, F.updates_count, function(index, subtree)
    self:update(index, subtree, tally)
  end)
  local parts = {}
  for _, kind in ipairs(tally.order) do
    parts[#parts + 1] = kind .. " " .. int(tally.counts[kind])
  end
  local summary = "updates=" .. int(count)
  if #parts > 0 then summary = summary .. " (" .. table.concat(parts, ", ") .. ")" end
  return summary
end

function Reader:member(index, tree)
  local start = self.off
  self:ensure(1)
  local item = tree:add(F.member, self.tvb(start, 1))
  local id = self:add_id(item, F.member_id)
  item:set_text(string.format("Member %d: %s", index, id))
  local addr = self:addr(item, F.member_addr)
  item:append_text(" at " .. addr)
  self:add_u64(item, F.member_incarnation)
  self:add_bool(item, F.member_is_primary)
  self:slots(item)
  item:set_len(self.off - start)
end

local function short(id)
  return id:sub(1, 8)
end

-- The message (SPEC §2) under `tree`; `info` collects the Info column.
function Reader:message(tree, info)
  local tag_range, tag = self:u8()
  local kind = MESSAGE_TYPES[tag]
  if not kind then
    tree:add(F.type, tag_range, "unknown")
    info[#info + 1] = "Unknown message type " .. int(tag)
    fail("unknown_message_type", 0)
  end
  tree:add(F.type, tag_range, kind, string.format("Type: %s (%d)", kind, tag))
  tree:append_text(", " .. MESSAGE_TITLES[kind])
  info[#info + 1] = MESSAGE_TITLES[kind]
  if kind == "ping" or kind == "ack" or kind == "ping_req" then
    info[#info + 1] = "seq=" .. self:add_u64(tree, F.seq)
  end
  info[#info + 1] = "sender=" .. short(self:add_id(tree, F.sender))
  if kind == "ping" or kind == "ack" then
    info[#info + 1] = self:updates(tree)
  elseif kind == "ping_req" then
    info[#info + 1] = "target=" .. short(self:add_id(tree, F.target))
    info[#info + 1] = "at " .. self:addr(tree, F.target_addr)
  elseif kind == "join" then
    info[#info + 1] = "at " .. self:addr(tree, F.sender_addr)
  elseif kind == "welcome" then
    local count = self:list(tree, F.members, F.members_count, function(index, subtree)
      self:member(index, subtree)
    end)
    info[#info + 1] = "members=" .. int(count)
  elseif kind == "slots_announce" then
    info[#info + 1] = "incarnation=" .. self:add_u64(tree, F.incarnation)
    info[#info + 1] = "ranges=" .. int(self:slots(tree))
  end
end

local function report(tvb, tree, info, failure, len)
  local kind, offset = failure.kind, failure.offset
  local item
  if offset < len then
    item = tree:add(F.error, tvb(offset, 1))
  else
    item = tree:add(F.error)
  end
  local text = string.format("%s at byte %d", kind, offset)
  item:set_text("Error: " .. text)
  item:add(F.error_kind, kind)
  item:add(F.error_offset, offset)
  item:add_proto_expert_info(E[kind], text .. ": " .. ERROR_KINDS[kind])
  tree:append_text(" [" .. text .. "]")
  info[#info + 1] = "[" .. text .. "]"
end

-- The shared secret from the key file preference, or why there is none.
local key, key_problem

local function limit()
  local value = swim.prefs.max_collection
  if value < 1 then return 1 end
  if value > 65535 then return 65535 end
  return value
end

function swim.dissector(tvb, pinfo, tree)
  local captured, reported = tvb:len(), tvb:reported_len()
  pinfo.cols.protocol = "SWIM"
  local root = captured > 0 and tree:add(swim, tvb(0, captured)) or tree:add(swim)
  local info = {}
  if captured < reported then
    -- What the capture lacks cannot be checked: say so, decode nothing.
    local item = root:add(F.cut, reported - captured)
    item:add_proto_expert_info(E.cut, string.format("only %d of %d bytes captured", captured, reported))
    pinfo.cols.info = string.format("SWIM, cut by the capture (%d of %d bytes)", captured, reported)
    return captured
  end

  local len = captured
  local ok, failure = pcall(function()
    if swim.prefs.authenticated then
      if captured < TAG_LEN then fail("bad_auth_tag", 0) end
      len = captured - TAG_LEN
      local tag = root:add(F.auth_tag, tvb(len, TAG_LEN))
      if key then
        -- As swimwire does, nothing of the payload is shown behind a wrong tag.
        if hmac_sha256(key, tvb:raw(0, len)) ~= tvb:raw(len, TAG_LEN) then
          fail("bad_auth_tag", 0)
        end
        tag:add_proto_expert_info(E.verified)
      else
        tag:add_proto_expert_info(E.unverified, "HMAC-SHA256 tag not verified: "
                                  .. (key_problem or "no key file set"))
      end
    end
    local r = reader(tvb, len, swim.prefs.lenient, limit())
    r:message(root, info)
    local trailing = len - r.off
    if trailing > 0 then
      if not swim.prefs.lenient then fail("trailing_bytes", r.off) end
      local item = root:add(F.trailing, tvb(r.off, trailing), trailing)
      item:add_proto_expert_info(E.trailing, string.format("%d bytes after the message", trailing))
      info[#info + 1] = string.format("(%d trailing bytes ignored)", trailing)
    end
  end)
  if not ok then
    if getmetatable(failure) ~= Failure then error(failure, 0) end
    report(tvb, root, info, failure, len)
  end
  pinfo.cols.info = table.concat(info, " ")
  return captured
end

-- Wireshark's UDP dissector calls no dissector for an empty datagram, which
-- is `truncated` at 0 all the same: a post-dissector reports those on the
-- gossip ports.
local udp_length = Field.new("udp.length")
local udp_srcport = Field.new("udp.srcport")
local udp_dstport = Field.new("udp.dstport")
local gossip_ports = {}

local swim_empty = Proto("swim_empty", "SWIM gossip: empty datagrams")
function swim_empty.dissector(tvb, pinfo, tree)
  local length, src, dst = udp_length(), udp_srcport(), udp_dstport()
  if not (length and length.value == 8 and src and dst) then return end
  if not (gossip_ports[src.value] or gossip_ports[dst.value]) then return end
  pinfo.cols.protocol = "SWIM"
  local root = tree:add(swim)
  local info = {}
  report(tvb, root, info, { kind = swim.prefs.authenticated and "bad_auth_tag" or "truncated",
                            offset = 0 }, 0)
  pinfo.cols.info = table.concat(info, " ")
end
register_postdissector(swim_empty)

-- The ports of a range preference ("16379,17000-17999") as a set.
local function port_set(text)
  local set = {}
  for part in string.gmatch(text or "", "[^,]+") do
    local low, high = part:match("^%s*(%d+)%s*%-?%s*(%d*)%s*$")
    if low then
      for port = tonumber(low), tonumber(high ~= "" and high or low) do set[port] = true end
    end
  end
  return set
end

-- (Re-)registers the dissector on the configured ports and reads the key.
local registered
function swim.prefs_changed()
  key, key_problem = nil, nil
  if swim.prefs.key_file ~= "" then key, key_problem = read_key(swim.prefs.key_file) end
  local udp = DissectorTable.get("udp.port")
  if registered then udp:remove(registered, swim) end
  registered = swim.prefs.ports
  gossip_ports = port_set(registered)
  if registered and registered ~= "" then udp:add(registered, swim) end
end
DissectorTable.get("udp.port"):add("16379", swim)
registered = "16379"
gossip_ports = port_set(registered)
