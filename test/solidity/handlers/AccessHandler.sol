// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Access} from "../../../contracts/Access.sol";
import {Constellations} from "../../../contracts/Constellations.sol";
import {IAccess} from "../../../contracts/interfaces/IAccess.sol";
import {IConstellations} from "../../../contracts/interfaces/IConstellations.sol";
import {ConstellationRoles as Roles} from "../../../contracts/libraries/ConstellationRoles.sol";
import {VM} from "../utils/Vm.sol";

/**
 * @title AccessHandler
 * @notice The invariant runner's way into Access: every function takes a fuzzed seed and turns it into one action on a
 * small, fixed world, so that random sequences revisit the same grants, commitments and nonces again and again.
 *
 * The world: three owners (O0 admin of constellation 1, O1 a SUPPLIER member of it, O2 no member), a member M whose
 * SUPPLIER role the handler takes and gives back, two accounts G0 and G1 that are no companies, O0's operator P0
 * holding ACCESS and O1's operator P1 holding everything but ACCESS. Every owner and operator has a private key, so
 * signed operations are real signatures (the `sign` cheatcode).
 *
 * Grants: owner x scope (2) x grantee (G0, G1, M as accounts; constellation 1 with no role, with SUPPLIER): 30 grants,
 * enumerated. Blinded grants: 3 owners x 3 commitments. Nonces: 8 per signer (owners and operators), mostly reused.
 *
 * The handler keeps a model (the "ghost") of what the contract should hold: for each grant and blinded grant whether
 * it was made, its expiry, whether it was revoked since; for each signer and nonce whether it was used or cancelled
 * and how often the contract accepted it. It predicts whether each call must succeed and counts a violation whenever
 * the contract disagrees: in particular whenever a signed operation is accepted on a used or cancelled nonce, on a
 * tampered signature, past its deadline, or from a signer that does not act for the owner, and whenever a replay of
 * an accepted signed operation succeeds.
 */
contract AccessHandler {
    uint256 public constant OWNERS = 3;
    uint256 public constant SCOPES = 2;
    /// @dev Grantees: G0, G1, M as accounts; constellation 1 with no role; constellation 1 with SUPPLIER.
    uint256 public constant VARIANTS = 5;
    uint256 public constant GRANTS = OWNERS * SCOPES * VARIANTS;
    uint256 public constant COMMITMENTS = 3;
    /// @dev O0, O1, O2, P0 (operator of O0 with ACCESS), P1 (operator of O1 without ACCESS).
    uint256 public constant SIGNERS = 5;
    uint256 public constant NONCES = 8;
    /// @dev The accounts whose access the invariants ask about: O0, O1, O2, M, G0, G1.
    uint256 public constant CANDIDATES = 6;
    uint64 public constant CONSTELLATION = 1;

    bytes32 private constant _EIP712_DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    bytes32 private constant _GRANT_BLINDED_TYPEHASH = keccak256(
        "GrantBlinded(address owner,bytes32 commitment,uint64 expiresAt,address signer,uint256 nonce,uint64 deadline)"
    );

    /// @dev What the contract should hold about one grant or blinded grant.
    struct Ghost {
        bool made;
        bool revoked;
        uint64 expiresAt;
    }

    /// @dev The last signed operation the contract accepted, to replay verbatim.
    struct Signed {
        address owner;
        bytes32 commitment;
        uint64 expiresAt;
        address signer;
        uint256 nonce;
        uint64 deadline;
        bytes signature;
    }

    Access public immutable ACCESS_CONTRACT;
    Constellations public immutable CONSTELLATIONS_CONTRACT;
    bytes32 internal immutable _domainSeparator;

    address[OWNERS] internal _owners;
    address internal _member;
    address[2] internal _outsiders;
    address[SIGNERS] internal _signers;
    uint256[SIGNERS] internal _keys;

    Ghost[GRANTS] internal _grants;
    Ghost[COMMITMENTS][OWNERS] internal _blinded;
    bool[NONCES][SIGNERS] internal _used;
    uint256[NONCES][SIGNERS] internal _accepted;
    bool public memberHoldsSupplier = true;

    Signed internal _last;
    bool internal _hasLast;

    /// @notice Disagreements between the contract and the model; the invariants require none.
    uint256 public violations;
    /// @notice What the first one was.
    string public firstViolation;

    /// @notice What was explored.
    uint256 public granted;
    uint256 public revoked;
    uint256 public signedAccepted;
    uint256 public signedRefused;
    uint256 public replaysRefused;
    uint256 public warps;

    /**
     * @param owners O0, O1, O2 (registered; O0 admin of constellation 1 and O1 a SUPPLIER member of it).
     * @param member M, a SUPPLIER member of constellation 1.
     * @param outsiders G0, G1: no companies.
     * @param keys The private keys of O0, O1, O2, P0, P1.
     */
    constructor(
        Access access,
        Constellations constellations,
        address[OWNERS] memory owners,
        address member,
        address[2] memory outsiders,
        uint256[SIGNERS] memory keys
    ) {
        ACCESS_CONTRACT = access;
        CONSTELLATIONS_CONTRACT = constellations;
        _owners = owners;
        _member = member;
        _outsiders = outsiders;
        _keys = keys;
        for (uint256 i; i < SIGNERS; ++i) _signers[i] = VM.addr(keys[i]);
        _domainSeparator = keccak256(
            abi.encode(
                _EIP712_DOMAIN_TYPEHASH,
                keccak256("Constellate Access"),
                keccak256("1"),
                block.chainid,
                address(access)
            )
        );
    }

    // --------------------------------------------------------------------------------------------------------------
    // Grants
    // --------------------------------------------------------------------------------------------------------------

    /// @notice The owner of a grant grants it (O0 one time in three through its operator P0), usually until a time
    /// within 30 days, one time in eight with an expiry that is not valid.
    function grant(uint256 seed) external {
        uint256 k = _pick(seed, "grant", GRANTS);
        IAccess.Grant memory g = grantAt(k);
        uint256 r = _rand(seed, "expiry");
        uint64 expiresAt = uint64(block.timestamp + 1 + (r % 30 days));
        bool validExpiry = true;
        if (r % 8 == 0) {
            expiresAt = (r >> 8) % 2 == 0 ? uint64(block.timestamp) : uint64(1 << 40);
            validExpiry = false;
        }
        // O2 is no member: it may grant to accounts only.
        bool expected = validExpiry && (g.kind == IAccess.GranteeKind.Account || g.owner != _owners[2]);
        bool ok;
        if (g.owner == _owners[0] && (r >> 16) % 3 == 0) {
            VM.prank(_signers[3]);
            try ACCESS_CONTRACT.actFor(g.owner, abi.encodeCall(IAccess.grantAccess, (g, expiresAt))) returns (
                bytes memory
            ) {
                ok = true;
            } catch {}
        } else {
            VM.prank(g.owner);
            try ACCESS_CONTRACT.grantAccess(g, expiresAt) returns (bytes32 id) {
                ok = true;
                if (id != ACCESS_CONTRACT.grantId(g)) _violation("grantAccess returned another id");
            } catch {}
        }
        if (ok != expected) _violation(ok ? "a grant that should fail succeeded" : "a valid grant was refused");
        if (ok) {
            _grants[k] = Ghost({made: true, revoked: false, expiresAt: expiresAt});
            ++granted;
        }
    }

    /// @notice The owner of a grant revokes it (which fails unless it was made and is not revoked).
    function revoke(uint256 seed) external {
        uint256 k = _pick(seed, "revoke", GRANTS);
        IAccess.Grant memory g = grantAt(k);
        Ghost memory ghost = _grants[k];
        bool expected = ghost.made && !ghost.revoked;
        bytes32 id = ACCESS_CONTRACT.grantId(g);
        bool ok;
        VM.prank(g.owner);
        try ACCESS_CONTRACT.revokeAccess(id) {
            ok = true;
        } catch {}
        if (ok != expected) _violation(ok ? "a revocation that should fail succeeded" : "a revocation was refused");
        if (ok) {
            _grants[k].revoked = true;
            ++revoked;
        }
    }

    /// @notice Another owner (or a grantee) tries to revoke a grant: it never can.
    function revokeOthers(uint256 seed) external {
        uint256 k = _pick(seed, "revokeOthers", GRANTS);
        IAccess.Grant memory g = grantAt(k);
        address intruder = _candidate(_pick(seed, "intruder", CANDIDATES));
        if (intruder == g.owner) intruder = _outsiders[0];
        VM.prank(intruder);
        try ACCESS_CONTRACT.revokeAccess(ACCESS_CONTRACT.grantId(g)) {
            _violation("someone other than the owner revoked a grant");
        } catch {}
    }

    /// @notice O0 takes M's SUPPLIER role away or gives it back, so constellation grants must follow roles live.
    function toggleSupplier(uint256) external {
        VM.prank(_owners[0]);
        if (memberHoldsSupplier) CONSTELLATIONS_CONTRACT.revokeRoles(CONSTELLATION, _member, Roles.SUPPLIER);
        else CONSTELLATIONS_CONTRACT.grantRoles(CONSTELLATION, _member, Roles.SUPPLIER);
        memberHoldsSupplier = !memberHoldsSupplier;
    }

    /// @notice Time passes: up to five days, so grants expire along the sequence.
    function warp(uint256 seed) external {
        VM.warp(block.timestamp + 1 + (_rand(seed, "seconds") % 5 days));
        ++warps;
    }

    // --------------------------------------------------------------------------------------------------------------
    // Blinded grants
    // --------------------------------------------------------------------------------------------------------------

    /// @notice An owner commits to a blinded grant directly.
    function grantBlinded(uint256 seed) external {
        uint256 o = _pick(seed, "owner", OWNERS);
        uint256 c = _pick(seed, "commitment", COMMITMENTS);
        uint64 expiresAt = uint64(block.timestamp + 1 + (_rand(seed, "expiry") % 30 days));
        VM.prank(_owners[o]);
        try ACCESS_CONTRACT.grantBlinded(commitmentAt(c), expiresAt) {
            _blinded[o][c] = Ghost({made: true, revoked: false, expiresAt: expiresAt});
        } catch {
            _violation("a valid blinded grant was refused");
        }
    }

    /// @notice An owner revokes a blinded grant (which fails unless it was made and is not revoked).
    function revokeBlinded(uint256 seed) external {
        uint256 o = _pick(seed, "owner", OWNERS);
        uint256 c = _pick(seed, "commitment", COMMITMENTS);
        Ghost memory ghost = _blinded[o][c];
        bool ok;
        VM.prank(_owners[o]);
        try ACCESS_CONTRACT.revokeBlinded(commitmentAt(c)) {
            ok = true;
        } catch {}
        if (ok != (ghost.made && !ghost.revoked)) _violation("revokeBlinded disagrees with the model");
        if (ok) _blinded[o][c].revoked = true;
    }

    /**
     * @notice A relayer submits a blinded grant signed by one of the five signers, with a nonce out of eight (so used
     * ones come back often). Usually the signer signs for its own company; one time in six for another owner, one time
     * in eight past the deadline, one time in eight the signature is over another commitment than the one submitted.
     */
    function grantBlindedBySig(uint256 seed) external {
        uint256 s = _pick(seed, "signer", SIGNERS);
        uint256 o = s < OWNERS ? s : s - OWNERS; // P0 signs for O0, P1 for O1
        if (_rand(seed, "foreign") % 6 == 0) o = _pick(seed, "other owner", OWNERS);
        uint256 c = _pick(seed, "commitment", COMMITMENTS);
        uint256 nonce = _pick(seed, "nonce", NONCES);
        uint256 r = _rand(seed, "shape");
        Signed memory op = Signed({
            owner: _owners[o],
            commitment: commitmentAt(c),
            expiresAt: uint64(block.timestamp + 1 + (r % 30 days)),
            signer: _signers[s],
            nonce: nonce,
            deadline: (r >> 64) % 8 == 0 ? uint64(block.timestamp - 1) : uint64(block.timestamp + 1 hours),
            signature: ""
        });
        bool tampered = (r >> 128) % 8 == 0;
        op.signature = _sign(_keys[s], op, tampered ? commitmentAt((c + 1) % COMMITMENTS) : op.commitment);

        // P0 acts for O0 with ACCESS; P1 lacks ACCESS; an owner signs for itself only.
        bool acts = op.signer == op.owner || (s == 3 && o == 0);
        bool expected = acts && !tampered && op.deadline >= block.timestamp && !_used[s][nonce];
        bool ok = _submit(op);
        if (ok) {
            if (_used[s][nonce]) _violation("a used or cancelled nonce was accepted");
            if (++_accepted[s][nonce] > 1) _violation("a nonce was accepted twice");
            if (tampered) _violation("a tampered signature was accepted");
            if (!acts) _violation("a signer that does not act for the owner was accepted");
            if (op.deadline < block.timestamp) _violation("an expired signature was accepted");
            _used[s][nonce] = true;
            _blinded[o][c] = Ghost({made: true, revoked: false, expiresAt: op.expiresAt});
            _last = op;
            _hasLast = true;
            ++signedAccepted;
        } else {
            if (expected) _violation("a valid signed blinded grant was refused");
            ++signedRefused;
        }
    }

    /// @notice A relayer submits the last accepted signed operation again, verbatim: it must fail.
    function replay(uint256) external {
        if (!_hasLast) return;
        if (_submit(_last)) _violation("a replayed signed operation was accepted");
        else ++replaysRefused;
    }

    /// @notice A signer cancels some of its eight nonces.
    function cancelNonces(uint256 seed) external {
        uint256 s = _pick(seed, "signer", SIGNERS);
        uint256 mask = _rand(seed, "mask") & ((1 << NONCES) - 1);
        VM.prank(_signers[s]);
        ACCESS_CONTRACT.cancelNonces(0, mask);
        for (uint256 n; n < NONCES; ++n) {
            if (mask & (1 << n) != 0) _used[s][n] = true;
        }
    }

    // --------------------------------------------------------------------------------------------------------------
    // Views for the invariants
    // --------------------------------------------------------------------------------------------------------------

    /// @notice Grant `k`: owner k / 10, scope (k / 5) % 2, grantee k % 5.
    function grantAt(uint256 k) public view returns (IAccess.Grant memory g) {
        uint256 variant = k % VARIANTS;
        g.owner = _owners[k / (SCOPES * VARIANTS)];
        g.scope = keccak256(abi.encode("scope", (k / VARIANTS) % SCOPES));
        if (variant < 3) {
            g.kind = IAccess.GranteeKind.Account;
            g.account = variant == 2 ? _member : _outsiders[variant];
        } else {
            g.kind = IAccess.GranteeKind.Constellation;
            g.constellation = CONSTELLATION;
            g.roles = variant == 4 ? Roles.SUPPLIER : 0;
        }
    }

    function ghostGrant(uint256 k) external view returns (Ghost memory) {
        return _grants[k];
    }

    function ghostBlinded(uint256 o, uint256 c) external view returns (Ghost memory) {
        return _blinded[o][c];
    }

    function isUsed(uint256 s, uint256 nonce) external view returns (bool) {
        return _used[s][nonce];
    }

    function acceptedCount(uint256 s, uint256 nonce) external view returns (uint256) {
        return _accepted[s][nonce];
    }

    function ownerAt(uint256 o) external view returns (address) {
        return _owners[o];
    }

    function signerAt(uint256 s) external view returns (address) {
        return _signers[s];
    }

    function commitmentAt(uint256 c) public pure returns (bytes32) {
        return keccak256(abi.encode("commitment", c));
    }

    /// @notice O0, O1, O2, M, G0, G1.
    function candidateAt(uint256 i) external view returns (address) {
        return _candidate(i);
    }

    /**
     * @notice Whether `account` should be able to read through grant `k` now, by the model: the grant was made, is not
     * revoked, has not expired, and `account` is its grantee, or a member of constellation 1 (O0, O1, M) holding its
     * roles (O1 holds SUPPLIER; M holds it when {memberHoldsSupplier}; O0 holds ADMIN only).
     */
    function expectedAccess(uint256 k, address account) external view returns (bool) {
        Ghost memory ghost = _grants[k];
        if (!ghost.made || ghost.revoked || block.timestamp >= ghost.expiresAt) return false;
        IAccess.Grant memory g = grantAt(k);
        if (g.kind == IAccess.GranteeKind.Account) return account == g.account;
        bool member = account == _owners[0] || account == _owners[1] || account == _member;
        if (!member) return false;
        if (g.roles == 0) return true;
        return account == _owners[1] || (account == _member && memberHoldsSupplier);
    }

    // --------------------------------------------------------------------------------------------------------------
    // Internal
    // --------------------------------------------------------------------------------------------------------------

    function _submit(Signed memory op) internal returns (bool ok) {
        VM.prank(_outsiders[1]); // the relayer: any account
        try
            ACCESS_CONTRACT.grantBlindedBySig(
                op.owner,
                op.commitment,
                op.expiresAt,
                op.signer,
                op.nonce,
                op.deadline,
                op.signature
            )
        {
            ok = true;
        } catch {}
    }

    /// @dev `key`'s EIP-712 signature of `op`, with `commitment` in place of its own.
    function _sign(uint256 key, Signed memory op, bytes32 commitment) internal view returns (bytes memory) {
        bytes32 structHash = keccak256(
            abi.encode(_GRANT_BLINDED_TYPEHASH, op.owner, commitment, op.expiresAt, op.signer, op.nonce, op.deadline)
        );
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(
            key,
            keccak256(abi.encodePacked("\x19\x01", _domainSeparator, structHash))
        );
        return abi.encodePacked(r, s, v);
    }

    function _candidate(uint256 i) internal view returns (address) {
        if (i < OWNERS) return _owners[i];
        if (i == OWNERS) return _member;
        return _outsiders[i - OWNERS - 1];
    }

    function _rand(uint256 seed, string memory label) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, label)));
    }

    function _pick(uint256 seed, string memory label, uint256 count) internal pure returns (uint256) {
        return _rand(seed, label) % count;
    }

    function _violation(string memory what) internal {
        if (violations == 0) firstViolation = what;
        ++violations;
    }
}
