// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Accreditations} from "../../../contracts/Accreditations.sol";
import {Products} from "../../../contracts/Products.sol";
import {IAccreditations} from "../../../contracts/interfaces/IAccreditations.sol";
import {IProducts} from "../../../contracts/interfaces/IProducts.sol";
import {OperatorPermissions as Permissions} from "../../../contracts/libraries/OperatorPermissions.sol";
import {VM, Vm} from "../utils/Vm.sol";

/**
 * @title ProductsModel
 * @notice The rules of GS1 keys, ids, serial leaves and business steps, written again from the NatSpec of IProducts,
 * Gs1 and JourneySteps without the contract's code, so that the tests compare the contract with an independent model.
 */
library ProductsModel {
    uint8 internal constant AI_LOT = 10;
    uint8 internal constant AI_SERIAL = 21;

    /// @dev GS1's 82-character set, spelled out.
    string internal constant CSET82 =
        "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    /**
     * @dev The product-actor roles that may record each business step, 1 to 41 in CBV 2.0's alphabetical order, copied
     * from the table in JourneySteps' NatSpec (S SUPPLIER, L LOGISTICS, R RETAILER, A AUDITOR; "-": the owner alone):
     * 1 accepting SLR, 2 arriving L, 3 assembling S, 4 collecting LR, 5 commissioning S, 6 consigning SL,
     * 7 creating_class_instance S, 8 cycle_counting LR, 9 decommissioning SLR, 10 departing L, 11 destroying SLR,
     * 12 disassembling S, 13 dispensing R, 14 encoding S, 15 entering_exiting LR, 16 holding SLRA, 17 inspecting SLRA,
     * 18 installing SR, 19 killing SR, 20 loading L, 21 other -, 22 packing SL, 23 picking LR, 24 receiving SLR,
     * 25 removing SLR, 26 repackaging SL, 27 repairing SR, 28 replacing SR, 29 reserving LR, 30 retail_selling R,
     * 31 sampling SA, 32 sensor_reporting SLRA, 33 shipping SL, 34 staging_outbound SL, 35 stock_taking LR,
     * 36 stocking LR, 37 storing SLR, 38 transporting L, 39 unloading L, 40 unpacking LR, 41 void_shipping SL.
     */
    string internal constant STEP_ROLES =
        "SLR L S LR S SL S LR SLR L SLR S R S LR SLRA SLRA SR SR L - "
        "SL LR SLR SLR SL SR SR LR R SA SLRA SL SL LR LR SLR L L LR SL";

    /// @dev The roles that may record `step` (zero for no step), read from {STEP_ROLES}.
    function stepRoles(uint256 step) internal pure returns (uint8 roles) {
        if (!isStep(step)) return 0;
        bytes memory table = bytes(STEP_ROLES);
        uint256 index = 1;
        for (uint256 i; i < table.length; ++i) {
            bytes1 c = table[i];
            if (c == " ") {
                if (++index > step) break;
            } else if (index == step) {
                if (c == "S") roles |= 1;
                else if (c == "L") roles |= 2;
                else if (c == "R") roles |= 4;
                else if (c == "A") roles |= 8;
            }
        }
    }

    function isStep(uint256 step) internal pure returns (bool) {
        return step >= 1 && step <= 41;
    }

    function inCset82(bytes1 c) internal pure returns (bool) {
        bytes memory set = bytes(CSET82);
        for (uint256 i; i < set.length; ++i) if (set[i] == c) return true;
        return false;
    }

    /// @dev A lot or serial: 1 to 20 characters of the 82-character set.
    function isKeyText(bytes memory text) internal pure returns (bool) {
        if (text.length == 0 || text.length > 20) return false;
        for (uint256 i; i < text.length; ++i) if (!inCset82(text[i])) return false;
        return true;
    }

    /// @dev The 14 ASCII digits of a GTIN-14 value, leading zeros included.
    function digits14(uint256 value) internal pure returns (bytes memory d) {
        d = new bytes(14);
        for (uint256 i = 14; i > 0; --i) {
            d[i - 1] = bytes1(uint8(48 + (value % 10)));
            value /= 10;
        }
    }

    /// @dev The check digit that completes the 13 digits `body` (weights 3, 1, 3, ... from the right).
    function checkDigit(uint256 body) internal pure returns (uint256) {
        uint256 sum;
        for (uint256 j; j < 13; ++j) {
            sum += (body % 10) * (j % 2 == 0 ? 3 : 1);
            body /= 10;
        }
        return (10 - (sum % 10)) % 10;
    }

    /**
     * @dev GS1's restricted ranges, read on the digits: a GTIN-14 whose digits 2 to 6 are zeros carries a GTIN-8
     * (digits 7 to 14), restricted when it starts with 0 or 2; any other carries a GTIN-13 (digits 2 to 14), restricted
     * when its first three digits are 020-029, 040-049, 200-299 or 977-999.
     */
    function isRestricted(uint256 value) internal pure returns (bool) {
        bytes memory d = digits14(value);
        if (d[1] == "0" && d[2] == "0" && d[3] == "0" && d[4] == "0" && d[5] == "0") return d[6] == "0" || d[6] == "2";
        uint256 p = (uint256(uint8(d[1])) - 48) * 100 + (uint256(uint8(d[2])) - 48) * 10 + uint256(uint8(d[3])) - 48;
        return (p >= 20 && p <= 29) || (p >= 40 && p <= 49) || (p >= 200 && p <= 299) || p >= 977;
    }

    /// @dev The last `length` digits of the 14 digits of `value`, as a string.
    function lastDigits(uint256 value, uint256 length) internal pure returns (string memory) {
        bytes memory d = digits14(value);
        bytes memory out = new bytes(length);
        for (uint256 i; i < length; ++i) out[i] = d[14 - length + i];
        return string(out);
    }

    /// @dev The GS1 Company Prefix of length `length` of a GTIN-14 (digits after the indicator), left-aligned ASCII.
    function prefixSubject(uint256 value, uint256 length) internal pure returns (bytes32 subject) {
        bytes memory d = digits14(value);
        for (uint256 i; i < length && i < 13; ++i) subject |= bytes32(d[i + 1]) >> (8 * i);
    }

    function productId(address namespace, uint256 value) internal pure returns (bytes32) {
        return keccak256(abi.encode(namespace, value));
    }

    function subjectId(bytes32 product, uint8 ai, string memory text) internal pure returns (bytes32) {
        return keccak256(abi.encode(product, ai, text));
    }

    /// @dev OpenZeppelin's StandardMerkleTree leaf of (uint256, string, string, bytes32): double-hashed.
    function leaf(uint256 gtin, string memory lot, string memory serial, bytes32 salt) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(gtin, lot, serial, salt))));
    }

    /// @dev Sorted-pair hashing, as OpenZeppelin's MerkleProof.
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encodePacked(a, b)) : keccak256(abi.encodePacked(b, a));
    }
}

/**
 * @title ProductsHandler
 * @notice The invariant runner's way into Products: every function takes a fuzzed seed (hashed into one sub-seed per
 * decision) and turns it into an action of one of five companies (a brand accredited for the GS1 Company Prefix
 * 4012345, an impostor, a competitor member of the brand's constellation, a supplier of it and a stranger never
 * registered) on one of the products the pool of GTINs allows (the brand namespace and the five self-declared
 * namespaces), sent directly, through the company's own operator (`actFor`, with the permissions set up for it) or
 * through another company's operator. Besides, the accreditation body grants and revokes the prefix to the brand (or
 * the competitor), and time passes.
 *
 * The handler keeps its own model of every product (owner, generation, offer, actors, batches, items, serial roots),
 * written from IProducts' NatSpec, and predicts whether each attempt must succeed. An actor's designation counts only
 * while the owner that made it owns the product in the generation it was made in: it lapses when the product changes
 * hands, counts again if the same owner gets it back by transfer, and never after a reclaim. It counts a violation
 * whenever:
 *  - an attempt the rules forbid succeeded (in particular a write by anyone but the owner and its fitting actors);
 *  - an attempt the rules allow was refused (so the model does not drift from the contract unnoticed);
 *  - the contract's record of the touched product (productOf, transferOfferOf, actorOf, canRecord) differs from the
 *    model after the action;
 *  - a journey event is not attributed to the company that recorded it.
 * Every successful write is logged with the writer and the model's owner and actor roles before it, for the invariant.
 */
contract ProductsHandler {
    uint256 public constant COMPANIES = 5;
    /// @notice GTIN strings in the pool, and the distinct GTIN-14 values they stand for.
    uint256 public constant GTINS = 6;
    uint256 public constant VALUES = 5;
    /// @notice Length of the brand's GS1 Company Prefix, 4012345.
    uint8 public constant PREFIX_LENGTH = 7;

    uint256 internal constant _BRAND = 0;
    uint256 internal constant _IMPOSTOR = 1;
    uint256 internal constant _COMPETITOR = 2;
    uint8 internal constant _GS1 = 1;
    uint256 internal constant _MAX_LOG = 256;

    enum Kind {
        Register,
        Reclaim,
        Metadata,
        Discontinue,
        Offer,
        Accept,
        Batch,
        Item,
        Serials,
        SetActor,
        RemoveActor,
        Event
    }

    /// @notice The model of a product.
    struct Ghost {
        address owner;
        address namespace;
        uint64 constellation;
        uint8 prefixLength;
        bool discontinued;
        uint16 generation;
        uint8 value;
        address offer;
    }

    struct GhostActor {
        uint8 roles;
        address designatedBy;
        uint16 generation;
    }

    struct GhostSubject {
        uint8 kind;
        uint16 generation;
    }

    /// @notice A successful write, with what the model said before it.
    struct Write {
        bytes32 product;
        Kind kind;
        address writer;
        // The owner before the write (zero for a first registration).
        address owner;
        address namespace;
        // The writer's live actor roles and the roles the step needs (events).
        uint8 held;
        uint8 allowed;
        // For a registration: the writer is accredited for the prefix; the previous owner is.
        bool writerAccredited;
        bool ownerAccredited;
        // The open offer before an acceptance; the actor removed by removeActor.
        address offeree;
        address target;
    }

    /// @notice A single-leaf serial root committed for batch `lots[batchLot]`, over serial `serials[serial]` of lot
    /// `lots[leafLot]` (salt zero).
    struct RootEntry {
        bytes32 product;
        uint8 batchLot;
        uint8 leafLot;
        uint8 serial;
        bytes32 root;
    }

    /// @notice A registration attempt.
    struct Registration {
        uint256 actor;
        uint256 gtin;
        uint256 value;
        uint8 prefixLength;
        uint64 constellation;
        uint8 how;
    }

    /// @notice A journey event attempt.
    struct EventCall {
        bytes32 product;
        uint256 actor;
        uint8 how;
        uint8 step;
        bytes32 subject;
        uint64 eventTime;
        bytes32 eventHash;
        bytes32 corrects;
    }

    /// @notice The arguments of a verifySerial call and its expected answer.
    struct RootCheck {
        address namespace;
        string gtin;
        string lot;
        string serial;
        bytes32 root;
        bool proves;
    }

    Products public immutable PRODUCTS;
    Accreditations public immutable ACCREDITATIONS;
    /// @notice The accreditation body for GS1 Company Prefixes.
    address public immutable BODY;

    address[COMPANIES] internal _companies;
    address[COMPANIES] internal _operators;
    /// @dev The operator permissions of each company's operator (zero: not an operator).
    uint256[COMPANIES] internal _permissions;

    mapping(bytes32 product => Ghost) internal _ghost;
    mapping(bytes32 product => mapping(address actor => GhostActor)) internal _ghostActors;
    mapping(bytes32 product => mapping(bytes32 subject => GhostSubject)) internal _ghostSubjects;
    /// @dev Generation + 1 of the last commitment of a root for a batch; zero: never committed.
    mapping(bytes32 batch => mapping(bytes32 root => uint16)) internal _ghostRoots;

    /// @dev Every product id the pool allows: 6 namespaces times 5 GTINs.
    bytes32[] internal _all;
    bytes32[] internal _registered;
    Write[] internal _writes;
    RootEntry[] internal _rootEntries;

    /// @notice Violations of the rules above; the invariant requires none.
    uint256 public violations;
    /// @notice What the first violation was.
    string public firstViolation;

    /// @notice What was explored: successful writes per kind (see Kind), attempts refused, attempts refused because
    /// the company was not entitled to write at all, and events recorded by actors (not the owner).
    uint256[12] public wrote;
    uint256 public refused;
    uint256 public unauthorizedRefused;
    uint256 public actorEvents;
    uint256 internal _calls;

    constructor(
        Products products,
        Accreditations accreditations,
        address body,
        address[COMPANIES] memory companyAccounts,
        address[COMPANIES] memory operatorAccounts,
        uint256[COMPANIES] memory operatorPermissions
    ) {
        PRODUCTS = products;
        ACCREDITATIONS = accreditations;
        BODY = body;
        _companies = companyAccounts;
        _operators = operatorAccounts;
        _permissions = operatorPermissions;
        for (uint256 n; n <= COMPANIES; ++n) {
            address namespace = n == 0 ? address(0) : companyAccounts[n - 1];
            for (uint256 v; v < VALUES; ++v) {
                bytes32 id = ProductsModel.productId(namespace, valueAt(v));
                _ghost[id].namespace = namespace;
                _ghost[id].value = uint8(v);
                _all.push(id);
            }
        }
    }

    // --------------------------------------------------------------------------------------------------------------
    // Products
    // --------------------------------------------------------------------------------------------------------------

    /// @notice A company registers a GTIN of the pool, mostly in its own constellation: the brand mostly as the brand
    /// (prefix length 7), the others mostly self-declared; now and then with another prefix length.
    function register(uint256 seed) external {
        _register(_registration(seed));
    }

    /// @notice The brand (three times in four) or the competitor registers a GTIN on the brand's prefix as the brand:
    /// the brand registration, or a reclaim of it. Half the time it goes for a brand registration whose owner is not
    /// accredited now, as a company that is (if either is).
    function registerAsBrand(uint256 seed) external {
        Registration memory a = _registration(seed);
        a.actor = _sub(seed, "brand") % 4 == 0 ? _COMPETITOR : _BRAND;
        a.gtin = _sub(seed, "gtin") % 4;
        a.prefixLength = PREFIX_LENGTH;
        a.constellation = 1;
        if (_sub(seed, "reclaim") % 2 == 0) {
            for (uint256 g = 0; g < 4; ++g) {
                uint256 gtin = (a.gtin + g) % 4;
                address owner = _ghost[ProductsModel.productId(address(0), valueAt(_valueOf(gtin)))].owner;
                if (owner == address(0) || _accredited(owner, _valueOf(gtin), PREFIX_LENGTH)) continue;
                a.gtin = gtin;
                if (owner == _companies[a.actor] || !_accredited(_companies[a.actor], 0, PREFIX_LENGTH)) {
                    a.actor = a.actor == _BRAND ? _COMPETITOR : _BRAND;
                }
                break;
            }
        }
        a.value = _valueOf(a.gtin);
        _register(a);
    }

    function _register(Registration memory a) private {
        address company = _companies[a.actor];
        bytes32 id = ProductsModel.productId(a.prefixLength == 0 ? company : address(0), valueAt(a.value));
        Ghost memory before = _ghost[id];
        bool writerAccredited =
            a.prefixLength >= 4 && a.prefixLength <= 12 && _accredited(company, a.value, a.prefixLength);
        bool ownerAccredited = before.owner != address(0) && _accredited(before.owner, a.value, before.prefixLength);
        bool expected =
            _acts(a.actor, a.how, Permissions.PRODUCTS) &&
                _isProducer(a.constellation, company) &&
                (a.prefixLength == 0 || writerAccredited);
        if (before.owner != address(0)) {
            expected = expected && a.prefixLength != 0 && before.owner != company && !ownerAccredited;
        }
        bytes memory data = abi.encodeCall(
            IProducts.register,
            (a.constellation, gtinAt(a.gtin), a.prefixLength, "ipfs://product", keccak256("product"))
        );
        bool ok = _send(a.actor, a.how, data);
        _expect(ok, expected, _acts(a.actor, a.how, Permissions.PRODUCTS), "register");
        if (!ok) return _compare(id);
        Kind kind = before.owner == address(0) ? Kind.Register : Kind.Reclaim;
        Write memory w = _write(id, kind, company);
        w.writerAccredited = writerAccredited;
        w.ownerAccredited = ownerAccredited;
        _log(w);
        Ghost storage ghost = _ghost[id];
        if (kind == Kind.Reclaim) {
            ++ghost.generation;
            ghost.offer = address(0);
        } else {
            _registered.push(id);
        }
        ghost.owner = company;
        ghost.constellation = a.constellation;
        ghost.prefixLength = a.prefixLength;
        ghost.discontinued = false;
        _compare(id);
    }

    function updateMetadata(uint256 seed) external {
        bytes32 id = _product(seed);
        uint256 actor = _pickOwner(id, seed);
        uint8 how = _how(seed);
        Ghost memory g = _ghost[id];
        bool expected = _acts(actor, how, Permissions.PRODUCTS) && _isOwner(g, actor) && !g.discontinued;
        bool ok = _send(actor, how, abi.encodeCall(IProducts.updateMetadata, (id, "ipfs://v2", keccak256("v2"))));
        _expect(ok, expected, _ownerActs(g, actor, how), "updateMetadata");
        if (ok) _log(_write(id, Kind.Metadata, _companies[actor]));
        _compare(id);
    }

    /// @notice Discontinuing ends most of a product's game, so the owner tries it only one time in eight; otherwise
    /// any company tries.
    function discontinue(uint256 seed) external {
        bytes32 id = _product(seed);
        uint256 actor = _sub(seed, "owner tries") % 8 == 0 ? _pickOwner(id, seed) : _sub(seed, "anyone") % COMPANIES;
        uint8 how = _how(seed);
        Ghost memory g = _ghost[id];
        bool expected = _acts(actor, how, Permissions.PRODUCTS) && _isOwner(g, actor) && !g.discontinued;
        bool ok = _send(actor, how, abi.encodeCall(IProducts.discontinue, (id)));
        _expect(ok, expected, _ownerActs(g, actor, how), "discontinue");
        if (ok) {
            _log(_write(id, Kind.Discontinue, _companies[actor]));
            _ghost[id].discontinued = true;
        }
        _compare(id);
    }

    /// @notice The owner (mostly) offers the product, mostly to another PRODUCER of its constellation, now and then to
    /// anyone, or withdraws the offer.
    function offerTransfer(uint256 seed) external {
        bytes32 id = _product(seed);
        uint256 actor = _pickOwner(id, seed);
        uint8 how = _how(seed);
        Ghost memory g = _ghost[id];
        uint256 t = _sub(seed, "to") % (COMPANIES + 1);
        if (_sub(seed, "producer") % 4 != 0) {
            for (uint256 i; i < COMPANIES; ++i) {
                uint256 index = (t + i) % COMPANIES;
                if (_companies[index] != g.owner && _isProducer(g.constellation, _companies[index])) {
                    t = index;
                    break;
                }
            }
        }
        address to = t == COMPANIES ? address(0) : _companies[t];
        bool expected = _acts(actor, how, Permissions.PRODUCTS) && _isOwner(g, actor) && to != g.owner;
        bool ok = _send(actor, how, abi.encodeCall(IProducts.offerTransfer, (id, to)));
        _expect(ok, expected, _ownerActs(g, actor, how), "offerTransfer");
        if (ok) {
            Write memory w = _write(id, Kind.Offer, _companies[actor]);
            w.target = to;
            _log(w);
            _ghost[id].offer = to;
        }
        _compare(id);
    }

    /// @notice Mostly the company a product is offered to takes it (any product with an open offer).
    function acceptTransfer(uint256 seed) external {
        bytes32 id = _product(seed);
        if (_sub(seed, "open offer") % 8 != 0) {
            uint256 start = _sub(seed, "start");
            for (uint256 i; i < _registered.length; ++i) {
                bytes32 candidate = _registered[(start + i) % _registered.length];
                if (_ghost[candidate].offer != address(0)) {
                    id = candidate;
                    break;
                }
            }
        }
        Ghost memory g = _ghost[id];
        uint256 actor = _sub(seed, "anyone") % COMPANIES;
        if (_sub(seed, "offeree") % 4 != 0) {
            for (uint256 i; i < COMPANIES; ++i) if (_companies[i] == g.offer && g.offer != address(0)) actor = i;
        }
        uint8 how = _how(seed);
        address company = _companies[actor];
        bool expected =
            _acts(actor, how, Permissions.PRODUCTS) && g.offer == company && _isProducer(g.constellation, company);
        bool ok = _send(actor, how, abi.encodeCall(IProducts.acceptTransfer, (id)));
        _expect(ok, expected, _acts(actor, how, Permissions.PRODUCTS) && g.offer == company, "acceptTransfer");
        if (ok) {
            Write memory w = _write(id, Kind.Accept, company);
            w.offeree = g.offer;
            _log(w);
            Ghost storage ghost = _ghost[id];
            ghost.owner = company;
            ghost.offer = address(0);
        }
        _compare(id);
    }

    // --------------------------------------------------------------------------------------------------------------
    // Batches, items, serials
    // --------------------------------------------------------------------------------------------------------------

    function registerBatch(uint256 seed) external {
        _registerSubject(seed, true);
    }

    function registerItem(uint256 seed) external {
        _registerSubject(seed, false);
    }

    /// @notice The owner (mostly) commits a single-leaf root (a serial of a lot, salt zero) for a batch; now and then
    /// for an item, a root over a serial of another lot, a zero root or a zero count.
    function commitSerials(uint256 seed) external {
        bytes32 id = _product(seed);
        uint256 actor = _pickOwner(id, seed);
        uint8 how = _how(seed);
        Ghost memory g = _ghost[id];
        RootEntry memory e = _rootEntry(id, g.value, _sub(seed, "serials"));
        // Mostly a live batch of the product, if it has one.
        if (e.leafLot != type(uint8).max && _sub(seed, "live batch") % 4 != 0) {
            for (uint8 i; i < 3; ++i) {
                uint8 lot = (e.batchLot + i) % 3;
                if (_isLiveSubject(id, ProductsModel.subjectId(id, ProductsModel.AI_LOT, lotAt(lot)))) {
                    if (e.leafLot == e.batchLot) e.leafLot = lot;
                    e.batchLot = lot;
                    if (e.root != bytes32(0)) {
                        e.root = ProductsModel.leaf(valueAt(g.value), lotAt(e.leafLot), serialAt(e.serial), 0);
                    }
                    break;
                }
            }
        }
        bool ofItem = e.leafLot == type(uint8).max;
        bytes32 batch =
            ofItem
                ? ProductsModel.subjectId(id, ProductsModel.AI_SERIAL, serialAt(e.batchLot))
                : ProductsModel.subjectId(id, ProductsModel.AI_LOT, lotAt(e.batchLot));
        uint256 r = _sub(seed, "count");
        uint32 count = r % 10 == 0 ? 0 : uint32(1 + ((r >> 8) % 1000));
        GhostSubject memory s = _ghostSubjects[id][batch];
        bool expected =
            _acts(actor, how, Permissions.PRODUCTS) &&
                _isOwner(g, actor) &&
                !g.discontinued &&
                s.kind == ProductsModel.AI_LOT &&
                s.generation == g.generation &&
                e.root != bytes32(0) &&
                count != 0 &&
                _ghostRoots[batch][e.root] != g.generation + 1;
        bool ok = _send(actor, how, abi.encodeCall(IProducts.commitSerials, (id, batch, e.root, count, false)));
        _expect(ok, expected, _ownerActs(g, actor, how), "commitSerials");
        if (ok) {
            _log(_write(id, Kind.Serials, _companies[actor]));
            _ghostRoots[batch][e.root] = g.generation + 1;
            if (!ofItem && _rootEntries.length < _MAX_LOG) _rootEntries.push(e);
        }
        _compare(id);
    }

    /// @dev What commitSerials commits: mostly for batch lots[batchLot] a single-leaf root over a serial of that lot
    /// (salt zero); now and then for the item serials[batchLot] instead (leafLot is then 255), a root over a serial of
    /// another lot, or a zero root.
    function _rootEntry(bytes32 id, uint8 value, uint256 r) private pure returns (RootEntry memory e) {
        e.product = id;
        e.batchLot = uint8(r % 3);
        e.leafLot = (r >> 16) % 6 == 0 ? (e.batchLot + 1) % 3 : e.batchLot;
        e.serial = uint8((r >> 24) % 3);
        if ((r >> 32) % 10 != 0) {
            e.root = ProductsModel.leaf(valueAt(value), lotAt(e.leafLot), serialAt(e.serial), bytes32(0));
        }
        if ((r >> 8) % 6 == 0) e.leafLot = type(uint8).max;
    }

    // --------------------------------------------------------------------------------------------------------------
    // Actors
    // --------------------------------------------------------------------------------------------------------------

    /// @notice The owner (mostly) designates another company (now and then itself or the zero address) with some
    /// roles (now and then an invalid mask).
    function setActor(uint256 seed) external {
        bytes32 id = _product(seed);
        uint256 actor = _pickOwner(id, seed);
        uint8 how = _how(seed);
        Ghost memory g = _ghost[id];
        uint256 t = _sub(seed, "target") % (COMPANIES + 1);
        if (_sub(seed, "not the owner") % 8 != 0 && t < COMPANIES && _companies[t] == g.owner) t = (t + 1) % COMPANIES;
        address target = t == COMPANIES ? address(0) : _companies[t];
        uint256 r = _sub(seed, "roles");
        uint8 roles = r % 8 == 0 ? uint8(r >> 8) : uint8(1 + ((r >> 8) % 15));
        bool expected =
            _acts(actor, how, Permissions.PRODUCTS) &&
                _isOwner(g, actor) &&
                !g.discontinued &&
                target != address(0) &&
                target != g.owner &&
                roles >= 1 &&
                roles <= 15;
        bool ok = _send(actor, how, abi.encodeCall(IProducts.setActor, (id, target, roles)));
        _expect(ok, expected, _ownerActs(g, actor, how), "setActor");
        if (ok) {
            Write memory w = _write(id, Kind.SetActor, _companies[actor]);
            w.target = target;
            _log(w);
            _ghostActors[id][target] = GhostActor({roles: roles, designatedBy: g.owner, generation: g.generation});
        }
        _compare(id);
    }

    /// @notice The owner removes an actor, an actor steps down, or anyone tries.
    function removeActor(uint256 seed) external {
        bytes32 id = _product(seed);
        uint256 t = _pickDesignated(id, seed);
        uint256 actor = _sub(seed, "steps down") % 3 == 0 ? t : _pickOwner(id, seed);
        uint8 how = _how(seed);
        address company = _companies[actor];
        address target = _companies[t];
        Ghost memory g = _ghost[id];
        bool expected =
            _acts(actor, how, Permissions.PRODUCTS) &&
                g.owner != address(0) &&
                (company == g.owner || company == target) &&
                _ghostActors[id][target].roles != 0;
        bool ok = _send(actor, how, abi.encodeCall(IProducts.removeActor, (id, target)));
        _expect(
            ok,
            expected,
            _acts(actor, how, Permissions.PRODUCTS) && (company == g.owner || company == target),
            "removeActor"
        );
        if (ok) {
            Write memory w = _write(id, Kind.RemoveActor, company);
            w.target = target;
            _log(w);
            delete _ghostActors[id][target];
        }
        _compare(id);
    }

    // --------------------------------------------------------------------------------------------------------------
    // Journey events
    // --------------------------------------------------------------------------------------------------------------

    /// @notice The owner, a company designated on the product (its designation live or lapsed) or anyone records a
    /// journey event on the product, one of its batches or items, or an unknown subject.
    function recordEvent(uint256 seed) external {
        _event(seed, false);
    }

    /// @notice Like recordEvent, correcting an earlier event (now and then with a zero or self-naming correction).
    function correctEvent(uint256 seed) external {
        _event(seed, true);
    }

    // --------------------------------------------------------------------------------------------------------------
    // Accreditation and time
    // --------------------------------------------------------------------------------------------------------------

    /// @notice The body accredits the brand (three times in four) or the competitor for the prefix, for up to 30 days.
    function accredit(uint256 seed) external {
        address company = _companies[_sub(seed, "who") % 4 == 0 ? _COMPETITOR : _BRAND];
        bytes32 subject = ProductsModel.prefixSubject(valueAt(0), PREFIX_LENGTH);
        uint64 expiresAt = uint64(block.timestamp + 1 + (_sub(seed, "lifetime") % 30 days));
        VM.prank(BODY);
        ACCREDITATIONS.accredit(company, _GS1, subject, expiresAt, bytes32(0));
    }

    /// @notice The body revokes the brand's (or the competitor's) accreditation, if there is one (expired or not).
    function revoke(uint256 seed) external {
        address company = _companies[_sub(seed, "who") % 4 == 0 ? _COMPETITOR : _BRAND];
        bytes32 subject = ProductsModel.prefixSubject(valueAt(0), PREFIX_LENGTH);
        (IAccreditations.Accreditation memory record, ) = ACCREDITATIONS.accreditationOf(company, _GS1, subject);
        if (record.body == address(0)) return;
        VM.prank(BODY);
        ACCREDITATIONS.revoke(company, _GS1, subject);
    }

    /// @notice Lets time pass (up to 10 days), so that accreditations expire.
    function warp(uint256 seed) external {
        VM.warp(block.timestamp + 1 + (_sub(seed, "seconds") % 10 days));
    }

    // --------------------------------------------------------------------------------------------------------------
    // Views for the invariants
    // --------------------------------------------------------------------------------------------------------------

    function companyAt(uint256 index) external view returns (address) {
        return _companies[index];
    }

    /// @notice The GTIN-14 value `v` of the pool: 4012345000016, 4012345000023, 14012345000013 on the brand's prefix,
    /// 5012345000015 and 5012345000022 on a prefix nobody holds.
    function valueAt(uint256 v) public pure returns (uint256) {
        if (v == 0) return 4012345000016;
        if (v == 1) return 4012345000023;
        if (v == 2) return 14012345000013;
        if (v == 3) return 5012345000015;
        return 5012345000022;
    }

    /// @notice The GTIN strings of the pool: the five values, the first also as a GTIN-14 with a leading zero.
    function gtinAt(uint256 g) public pure returns (string memory) {
        if (g == 0) return "4012345000016";
        if (g == 1) return "04012345000016";
        if (g == 2) return "4012345000023";
        if (g == 3) return "14012345000013";
        if (g == 4) return "5012345000015";
        return "5012345000022";
    }

    /// @notice A GTIN string of value `v`.
    function gtinOfValue(uint256 v) public pure returns (string memory) {
        return gtinAt(v == 0 ? 0 : v + 1);
    }

    function lotAt(uint256 i) public pure returns (string memory) {
        if (i == 0) return "L1";
        if (i == 1) return "L2";
        if (i == 2) return "LOT-3/a";
        if (i == 3) return "";
        return "bad lot";
    }

    /// @dev "L1" is a serial too: an item and a batch with the same text never share an id.
    function serialAt(uint256 i) public pure returns (string memory) {
        if (i == 0) return "S1";
        if (i == 1) return "S2";
        if (i == 2) return "L1";
        if (i == 3) return "";
        return "SERIAL-TOO-LONG-12345";
    }

    function ghostOf(bytes32 product) external view returns (Ghost memory) {
        return _ghost[product];
    }

    function registeredProducts() external view returns (bytes32[] memory) {
        return _registered;
    }

    function writes() external view returns (Write[] memory) {
        return _writes;
    }

    function rootEntryCount() external view returns (uint256) {
        return _rootEntries.length;
    }

    /// @notice What verifySerial must answer for root entry `i`: its arguments and whether the root proves the serial
    /// (the root is live in the model, and its leaf is of the lot of the batch it was committed for).
    function rootCheckAt(uint256 i) external view returns (RootCheck memory check) {
        RootEntry memory e = _rootEntries[i];
        Ghost memory g = _ghost[e.product];
        bytes32 batch = ProductsModel.subjectId(e.product, ProductsModel.AI_LOT, lotAt(e.batchLot));
        GhostSubject memory s = _ghostSubjects[e.product][batch];
        bool live =
            _ghostRoots[batch][e.root] == g.generation + 1 &&
                s.kind == ProductsModel.AI_LOT &&
                s.generation == g.generation;
        check.namespace = g.namespace;
        check.gtin = gtinOfValue(g.value);
        check.lot = lotAt(e.batchLot);
        check.serial = serialAt(e.serial);
        check.root = e.root;
        check.proves = live && e.leafLot == e.batchLot;
    }

    // --------------------------------------------------------------------------------------------------------------
    // Internals
    // --------------------------------------------------------------------------------------------------------------

    function _registerSubject(uint256 seed, bool lot) private {
        bytes32 id = _product(seed);
        uint256 actor = _pickOwner(id, seed);
        uint8 how = _how(seed);
        uint256 r = _sub(seed, "text") % 8;
        uint256 which =
            r < 6
                ? r % 3
                : r == 6
                    ? 3
                    : 4;
        string memory text = lot ? lotAt(which) : serialAt(which);
        uint8 ai = lot ? ProductsModel.AI_LOT : ProductsModel.AI_SERIAL;
        bytes32 subject = ProductsModel.subjectId(id, ai, text);
        Ghost memory g = _ghost[id];
        GhostSubject memory s = _ghostSubjects[id][subject];
        bool expected =
            _acts(actor, how, Permissions.PRODUCTS) &&
                _isOwner(g, actor) &&
                !g.discontinued &&
                ProductsModel.isKeyText(bytes(text)) &&
                !(s.kind != 0 && s.generation == g.generation);
        bytes memory data =
            lot
                ? abi.encodeCall(IProducts.registerBatch, (id, text, "", bytes32(0)))
                : abi.encodeCall(IProducts.registerItem, (id, text, "", bytes32(0)));
        bool ok = _send(actor, how, data);
        _expect(ok, expected, _ownerActs(g, actor, how), lot ? "registerBatch" : "registerItem");
        if (ok) {
            _log(_write(id, lot ? Kind.Batch : Kind.Item, _companies[actor]));
            _ghostSubjects[id][subject] = GhostSubject(ai, g.generation);
        }
        _compare(id);
    }

    function _event(uint256 seed, bool correction) private {
        EventCall memory e = _eventCall(seed, correction);
        address company = _companies[e.actor];
        Ghost memory g = _ghost[e.product];
        uint8 held = _liveRoles(e.product, company);
        uint8 allowed = ProductsModel.stepRoles(e.step);
        bool expected =
            _acts(e.actor, e.how, Permissions.EVENTS) &&
                g.owner != address(0) &&
                !g.discontinued &&
                ProductsModel.isStep(e.step) &&
                (company == g.owner || held & allowed != 0) &&
                _isLiveSubject(e.product, e.subject) &&
                e.eventTime != 0 &&
                e.eventTime <= block.timestamp + 15 minutes &&
                e.eventHash != bytes32(0) &&
                (!correction || (e.corrects != bytes32(0) && e.corrects != e.eventHash));
        bytes memory data =
            correction
                ? abi.encodeCall(
                    IProducts.correctEvent,
                    (e.product, e.subject, e.step, e.eventTime, e.eventHash, e.corrects)
                )
                : abi.encodeCall(IProducts.recordEvent, (e.product, e.subject, e.step, e.eventTime, e.eventHash));
        VM.recordLogs();
        bool ok = _send(e.actor, e.how, data);
        Vm.Log[] memory logs = VM.getRecordedLogs();
        bool authorized =
            _acts(e.actor, e.how, Permissions.EVENTS) &&
                g.owner != address(0) &&
                (company == g.owner || held & allowed != 0);
        _expect(ok, expected, authorized, correction ? "correctEvent" : "recordEvent");
        if (ok) {
            Write memory w = _write(e.product, Kind.Event, company);
            w.held = held;
            w.allowed = allowed;
            _log(w);
            if (company != g.owner) ++actorEvents;
            _checkEventLog(logs, e, company);
        }
        _compare(e.product);
    }

    /// @dev A journey event to attempt: three times in four a well-formed one (a valid step, a recent time, a non-zero
    /// hash and correction, the product itself or one of its live batches or items as subject); otherwise with one
    /// flaw: an invalid step, a time of zero or past the allowed skew (or exactly at it, which is fine), a zero hash, a
    /// zero or self-naming correction, or a subject that is not a live one of the product.
    function _eventCall(uint256 seed, bool correction) private view returns (EventCall memory e) {
        e.product = _product(seed);
        e.actor = _pickRecorder(e.product, seed);
        e.how = _how(seed);
        uint256 r = _sub(seed, "event");
        e.step = uint8(1 + (r % 41));
        // An actor mostly records a step its roles fit.
        uint8 roles = _ghostActors[e.product][_companies[e.actor]].roles;
        if (roles != 0 && (r >> 40) % 4 != 0) {
            for (uint256 i; i < 41 && ProductsModel.stepRoles(e.step) & roles == 0; ++i) e.step = (e.step % 41) + 1;
        }
        e.subject = _pickSubject(e.product, r >> 8);
        e.eventTime = uint64(block.timestamp - ((r >> 16) % 30 days));
        e.eventHash = keccak256(abi.encode(r, "event"));
        if (correction) e.corrects = keccak256(abi.encode(r, "corrected"));
        if ((r >> 64) % 4 != 0) return e;
        uint256 flaw = (r >> 72) % 8;
        if (flaw == 0) e.step = (r >> 80) % 2 == 0 ? 0 : uint8(42 + ((r >> 88) % 214));
        else if (flaw == 1) e.eventTime = 0;
        else if (flaw == 2) e.eventTime = uint64(block.timestamp + 15 minutes + 1);
        else if (flaw == 3) e.eventTime = uint64(block.timestamp + 15 minutes);
        else if (flaw == 4) e.eventHash = bytes32(0);
        else if (flaw == 5) e.corrects = (r >> 80) % 2 == 0 ? bytes32(0) : e.eventHash;
        else e.subject = _otherSubject(e.product, r >> 96);
    }

    /// @dev Whether `subject` is `product` itself or one of its batches or items of the current generation.
    function _isLiveSubject(bytes32 product, bytes32 subject) private view returns (bool) {
        if (subject == product) return true;
        GhostSubject memory s = _ghostSubjects[product][subject];
        return s.kind != 0 && s.generation == _ghost[product].generation;
    }

    /// @dev The recorded event names the product, the subject, the company that recorded it, the step and the hash.
    function _checkEventLog(Vm.Log[] memory logs, EventCall memory e, address company) private {
        bytes32 topic = IProducts.JourneyEventRecorded.selector;
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory log = logs[i];
            if (log.emitter != address(PRODUCTS) || log.topics.length != 4 || log.topics[0] != topic) continue;
            (uint8 step, , bytes32 eventHash) = abi.decode(log.data, (uint8, uint64, bytes32));
            if (
                log.topics[1] != e.product ||
                log.topics[2] != e.subject ||
                log.topics[3] != bytes32(uint256(uint160(company))) ||
                step != e.step ||
                eventHash != e.eventHash
            ) _violation("recordEvent: the event is not attributed to the company that recorded it");
            return;
        }
        _violation("recordEvent: no JourneyEventRecorded");
    }

    /// @dev Compares the contract's record of `id` with the model.
    function _compare(bytes32 id) private {
        ++_calls;
        Ghost memory g = _ghost[id];
        IProducts.Product memory p = PRODUCTS.productOf(id);
        if (p.owner != g.owner) _violation("productOf: the owner differs from the model");
        if (
            g.owner != address(0) &&
            (p.constellation != g.constellation ||
                p.prefixLength != g.prefixLength ||
                p.discontinued != g.discontinued ||
                p.generation != g.generation)
        ) _violation("productOf: the record differs from the model");
        if (PRODUCTS.transferOfferOf(id) != g.offer) _violation("transferOfferOf differs from the model");
        uint8 step = uint8(1 + ((uint256(id) ^ _calls) % 41));
        for (uint256 i; i < COMPANIES; ++i) _compareActor(id, _companies[i], step);
    }

    /// @dev Compares actorOf and canRecord of `actor` on `id` (for `step`) with the model.
    function _compareActor(bytes32 id, address actor, uint8 step) private {
        Ghost memory g = _ghost[id];
        GhostActor memory ga = _ghostActors[id][actor];
        (IProducts.Actor memory record, uint8 roles) = PRODUCTS.actorOf(id, actor);
        if (record.roles != ga.roles || record.designatedBy != ga.designatedBy || record.generation != ga.generation) {
            _violation("actorOf: the stored designation differs from the model");
        }
        uint8 live = _liveRoles(id, actor);
        if (roles != live) {
            _violation(
                live == 0
                    ? "actorOf: a designation counts that is not the current owner's in the current generation"
                    : "actorOf: a designation by the current owner in the current generation does not count"
            );
        }
        bool can =
            g.owner != address(0) && !g.discontinued && (actor == g.owner || live & ProductsModel.stepRoles(step) != 0);
        if (PRODUCTS.canRecord(id, actor, step) != can) {
            _violation(
                can
                    ? "canRecord: the owner or a fitting live actor may not record"
                    : "canRecord: a company neither the owner nor a fitting live actor may record"
            );
        }
    }

    /// @dev Sends `data` for company `actor`: directly (how % 8 < 4), through its own operator (4 to 6) or through
    /// the next company's operator (7), which is no operator of it.
    function _send(uint256 actor, uint8 how, bytes memory data) private returns (bool ok) {
        address company = _companies[actor];
        uint256 mode = how % 8;
        if (mode < 4) {
            VM.prank(company);
            // solhint-disable-next-line avoid-low-level-calls
            (ok, ) = address(PRODUCTS).call(data);
        } else {
            VM.prank(mode == 7 ? _operators[(actor + 1) % COMPANIES] : _operators[actor]);
            try PRODUCTS.actFor(company, data) {
                ok = true;
            } catch {
                ok = false;
            }
        }
    }

    /// @dev Whether the call resolves to company `actor` with `permission`: always directly; through its own operator
    /// if that operator holds the permission; never through another company's operator.
    function _acts(uint256 actor, uint8 how, uint256 permission) private view returns (bool) {
        uint256 mode = how % 8;
        if (mode < 4) return true;
        if (mode == 7) return false;
        return _permissions[actor] & permission != 0;
    }

    /// @dev Checks the outcome of an attempt against the model: `expected` says whether it must succeed,
    /// `authorized` whether the company it resolves to may write there at all (owner, offeree, fitting actor).
    function _expect(bool ok, bool expected, bool authorized, string memory what) private {
        if (ok && !authorized) _violation(string.concat(what, ": an unauthorized write succeeded"));
        else if (ok && !expected) _violation(string.concat(what, ": an attempt the rules forbid succeeded"));
        if (!ok && expected) _violation(string.concat(what, ": an attempt the rules allow was refused"));
        if (!ok) ++refused;
        if (!ok && !authorized) ++unauthorizedRefused;
    }

    /// @dev Whether the call resolves to company `actor` with PRODUCTS and `actor` owns the product.
    function _ownerActs(Ghost memory g, uint256 actor, uint8 how) private view returns (bool) {
        return _acts(actor, how, Permissions.PRODUCTS) && _isOwner(g, actor);
    }

    function _write(bytes32 id, Kind kind, address writer) private returns (Write memory w) {
        Ghost memory g = _ghost[id];
        ++wrote[uint256(kind)];
        w.product = id;
        w.kind = kind;
        w.writer = writer;
        w.owner = g.owner;
        w.namespace = g.namespace;
    }

    function _log(Write memory w) private {
        if (_writes.length < _MAX_LOG) _writes.push(w);
    }

    /// @dev The roles `actor` holds on `id` in the model: a designation by the current owner, made in the current
    /// generation (so it counts again if the owner gets the product back by transfer, not after a reclaim).
    function _liveRoles(bytes32 id, address actor) private view returns (uint8) {
        Ghost memory g = _ghost[id];
        GhostActor memory a = _ghostActors[id][actor];
        if (g.owner == address(0) || a.designatedBy != g.owner || a.generation != g.generation) return 0;
        return a.roles;
    }

    function _isOwner(Ghost memory g, uint256 actor) private view returns (bool) {
        return g.owner != address(0) && g.owner == _companies[actor];
    }

    /// @dev PRODUCER: the brand and the competitor in constellation 1 (the brand's), the impostor in 2 (its own).
    function _isProducer(uint64 constellation, address company) private view returns (bool) {
        if (constellation == 1) return company == _companies[_BRAND] || company == _companies[_COMPETITOR];
        if (constellation == 2) return company == _companies[_IMPOSTOR];
        return false;
    }

    function _home(uint256 actor) private pure returns (uint64) {
        return actor == _IMPOSTOR ? 2 : 1;
    }

    function _accredited(address company, uint256 v, uint256 length) private view returns (bool) {
        return ACCREDITATIONS.isAccredited(company, _GS1, ProductsModel.prefixSubject(valueAt(v), length));
    }

    function _valueOf(uint256 g) private pure returns (uint256) {
        return g == 0 ? 0 : g - 1;
    }

    /// @dev A sub-seed of `seed` for one decision: the fuzzer's seeds are often small numbers, whose high bits would
    /// all take the same branch.
    function _sub(uint256 seed, string memory tag) private pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, tag)));
    }

    /// @dev How the call is sent: see {_send}.
    function _how(uint256 seed) private pure returns (uint8) {
        return uint8(_sub(seed, "how"));
    }

    /// @dev Who registers which GTIN string of the pool, with which prefix length, in which constellation, how.
    function _registration(uint256 seed) private pure returns (Registration memory a) {
        a.actor = _weighted(_sub(seed, "actor"), [uint256(4), 2, 2, 1, 1]);
        a.gtin = _sub(seed, "gtin") % GTINS;
        a.value = _valueOf(a.gtin);
        uint256 which = _sub(seed, "prefix") % 8;
        uint8[4] memory odd = [6, 8, 13, 3];
        if (which == 7) a.prefixLength = odd[_sub(seed, "odd") % 4];
        else if ((which < 5) == (a.actor == _BRAND)) a.prefixLength = PREFIX_LENGTH;
        uint256 k = _sub(seed, "constellation");
        a.constellation = k % 8 == 0 ? uint64(1 + ((k >> 8) % 3)) : _home(a.actor);
        a.how = _how(seed);
    }

    /// @dev A company index drawn with the given weights.
    function _weighted(uint256 seed, uint256[COMPANIES] memory weights) private pure returns (uint256) {
        uint256 total;
        for (uint256 i; i < COMPANIES; ++i) total += weights[i];
        uint256 x = seed % total;
        for (uint256 i; i < COMPANIES; ++i) {
            if (x < weights[i]) return i;
            x -= weights[i];
        }
        return 0;
    }

    /// @dev Mostly (seven times in eight) a registered product, otherwise any id of the pool.
    function _product(uint256 seed) private view returns (bytes32) {
        uint256 r = _sub(seed, "product");
        if (_registered.length != 0 && r % 8 != 0) return _registered[(r >> 8) % _registered.length];
        return _all[(r >> 8) % _all.length];
    }

    /// @dev Three times in four the owner of `id` (if any), otherwise any company.
    function _pickOwner(bytes32 id, uint256 seed) private view returns (uint256) {
        uint256 r = _sub(seed, "pick owner");
        address owner = _ghost[id].owner;
        if (r % 4 != 0) {
            for (uint256 i; i < COMPANIES; ++i) if (_companies[i] == owner) return i;
        }
        return (r >> 8) % COMPANIES;
    }

    /// @dev Mostly a company holding a stored designation on `id` (live or lapsed), otherwise any company.
    function _pickDesignated(bytes32 id, uint256 seed) private view returns (uint256) {
        uint256 r = _sub(seed, "pick designated");
        uint256 start = (r >> 8) % COMPANIES;
        if (r % 4 != 0) {
            for (uint256 i; i < COMPANIES; ++i) {
                uint256 index = (start + i) % COMPANIES;
                if (_ghostActors[id][_companies[index]].roles != 0) return index;
            }
        }
        return start;
    }

    /// @dev Half the time the owner (if any), a third of the time a company holding a stored designation (if any),
    /// otherwise anyone.
    function _pickRecorder(bytes32 id, uint256 seed) private view returns (uint256) {
        uint256 r = _sub(seed, "recorder");
        uint256 which = r % 6;
        if (which < 3 || which == 5) {
            address wanted = _ghost[id].owner;
            if (which == 5 || wanted == address(0)) return (r >> 8) % COMPANIES;
            for (uint256 i; i < COMPANIES; ++i) if (_companies[i] == wanted) return i;
        }
        uint256 start = (r >> 8) % COMPANIES;
        for (uint256 i; i < COMPANIES; ++i) {
            uint256 index = (start + i) % COMPANIES;
            if (_ghostActors[id][_companies[index]].roles != 0) return index;
        }
        return start;
    }

    /// @dev Half the time the product itself, otherwise one of its live batches or items, if it has any.
    function _pickSubject(bytes32 id, uint256 seed) private view returns (bytes32) {
        if (seed % 2 == 0) return id;
        uint256 start = seed >> 8;
        for (uint256 i; i < 6; ++i) {
            uint256 k = (start + i) % 6;
            bytes32 subject =
                k < 3
                    ? ProductsModel.subjectId(id, ProductsModel.AI_LOT, lotAt(k))
                    : ProductsModel.subjectId(id, ProductsModel.AI_SERIAL, serialAt(k - 3));
            if (_isLiveSubject(id, subject)) return subject;
        }
        return id;
    }

    /// @dev A subject that is mostly not a live one of `id`: a batch or item of the pool (registered in an earlier
    /// generation, or never), a subject of another product, or an unknown id.
    function _otherSubject(bytes32 id, uint256 seed) private pure returns (bytes32) {
        uint256 which = seed % 8;
        if (which < 3) return ProductsModel.subjectId(id, ProductsModel.AI_LOT, lotAt((seed >> 8) % 3));
        if (which < 6) return ProductsModel.subjectId(id, ProductsModel.AI_SERIAL, serialAt((seed >> 8) % 3));
        if (which < 7) return ProductsModel.productId(address(0), valueAt((seed >> 8) % VALUES));
        return keccak256(abi.encode(seed, "no such subject"));
    }

    function _violation(string memory what) private {
        if (violations == 0) firstViolation = what;
        ++violations;
    }
}
