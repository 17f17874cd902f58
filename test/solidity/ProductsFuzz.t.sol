// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Accreditations} from "../../contracts/Accreditations.sol";
import {Companies} from "../../contracts/Companies.sol";
import {Constellations} from "../../contracts/Constellations.sol";
import {Products} from "../../contracts/Products.sol";
import {ICompanies} from "../../contracts/interfaces/ICompanies.sol";
import {IProducts} from "../../contracts/interfaces/IProducts.sol";
import {ConstellationRoles as Roles} from "../../contracts/libraries/ConstellationRoles.sol";
import {ProductsModel as Model} from "./handlers/ProductsHandler.sol";
import {TestBase} from "./utils/TestBase.sol";
import {VM} from "./utils/Vm.sol";

/**
 * @title ProductsFuzzTest
 * @notice Fuzz tests of Products: serial proofs against Merkle trees built here, GS1 key parsing against a model of the
 * rules written from the NatSpec (ProductsModel), and the business-step table.
 */
contract ProductsFuzzTest is TestBase {
    uint8 private constant _GS1 = 1;
    uint8 private constant _PREFIX_LENGTH = 7;
    string private constant _GTIN = "4012345000016";
    uint256 private constant _VALUE = 4012345000016;

    Companies internal _companies;
    Constellations internal _constellations;
    Accreditations internal _accreditations;
    Products internal _products;

    address internal _brand = address(0xB4A7D);
    address internal _impostor = address(0x1A9057);
    address internal _competitor = address(0xC03E7);
    address internal _supplier = address(0x5E1);
    address internal _body = address(0xB0D1E5);

    bytes32 internal _product;

    /**
     * @dev The brand, accredited for the prefix 4012345, registers GTIN 4012345000016 as the brand in constellation 1
     * (it is its PRODUCER, with the competitor; the supplier is a SUPPLIER), with batches L1 and L2; the impostor
     * self-declares the same GTIN in its own constellation, with a batch L1.
     */
    function setUp() public {
        VM.warp(1_750_000_000);
        _companies = new Companies();
        _constellations = new Constellations(_companies);
        _accreditations = new Accreditations(_companies, address(this));
        _products = new Products(_companies, _constellations, _accreditations);
        address[5] memory accounts = [_brand, _impostor, _competitor, _supplier, _body];
        for (uint256 i; i < accounts.length; ++i) {
            VM.prank(accounts[i]);
            _companies.register(ICompanies.Profile("Company", "", "", bytes32(0), ""));
        }
        VM.startPrank(_brand);
        _constellations.create("Brand", "", "", bytes32(0));
        _constellations.grantRoles(1, _brand, Roles.PRODUCER);
        _constellations.invite(1, _competitor, Roles.PRODUCER, uint64(block.timestamp + 1 days));
        _constellations.invite(1, _supplier, Roles.SUPPLIER, uint64(block.timestamp + 1 days));
        VM.stopPrank();
        VM.prank(_competitor);
        _constellations.acceptInvitation(1);
        VM.prank(_supplier);
        _constellations.acceptInvitation(1);
        VM.startPrank(_impostor);
        _constellations.create("Impostor", "", "", bytes32(0));
        _constellations.grantRoles(2, _impostor, Roles.PRODUCER);
        _products.register(2, _GTIN, 0, "", bytes32(0));
        _products.registerBatch(_products.productIdOf(_impostor, _GTIN), "L1", "", bytes32(0));
        VM.stopPrank();

        _accreditations.appointBody(_body, _GS1, "GS1");
        bytes32 prefix = Model.prefixSubject(_VALUE, _PREFIX_LENGTH);
        VM.prank(_body);
        _accreditations.accredit(_brand, _GS1, prefix, uint64(block.timestamp + 365 days), bytes32(0));
        VM.startPrank(_brand);
        _product = _products.register(1, _GTIN, _PREFIX_LENGTH, "", bytes32(0));
        _products.registerBatch(_product, "L1", "", bytes32(0));
        _products.registerBatch(_product, "L2", "", bytes32(0));
        VM.stopPrank();
    }

    // -------------------------------------------------------------------------------------------------------------
    // Serials
    // -------------------------------------------------------------------------------------------------------------

    /**
     * Property 3: a serial outside every committed root never proves. The brand commits two roots for batch L1, over
     * two disjoint sets of fuzzed serials (1 to 9 each, salted with fuzzed salts or not), built here with
     * OpenZeppelin's double-hashed leaves and sorted-pair hashing; it commits the first root for batch L2 as well.
     * Then:
     *  - every member proves under its root with its proof, and not under the other root;
     *  - a member does not prove with another salt, under lot L2 (where the same root is committed), under a lot with
     *    no batch, or under the impostor's namespace (whose registration of the GTIN has a batch L1 and no root);
     *  - a fuzzed serial outside both sets proves under neither root, with the proof of any member (with that member's
     *    salt or its own), nor with fuzzed proof elements.
     */
    function testSerialOutsideEveryRootNeverProves(
        uint256 seed,
        uint256 sizes,
        bool salted,
        bytes calldata outsiderRaw,
        bytes32 outsiderSalt,
        bytes32[] calldata junk
    ) public {
        uint256 countA = bound(sizes, 1, 9);
        uint256 countB = bound(sizes >> 8, 1, 9);
        (string[] memory serials, bytes32[] memory salts) = _serials(seed, countA + countB, salted);
        bytes32[] memory leavesA = new bytes32[](countA);
        bytes32[] memory leavesB = new bytes32[](countB);
        for (uint256 i; i < countA + countB; ++i) {
            bytes32 leaf = Model.leaf(_VALUE, "L1", serials[i], salts[i]);
            if (i < countA) leavesA[i] = leaf;
            else leavesB[i - countA] = leaf;
        }
        bytes32 rootA = _root(leavesA);
        bytes32 rootB = _root(leavesB);
        VM.assume(rootA != rootB);
        bytes32 batch1 = _products.batchIdOf(_product, "L1");
        bytes32 batch2 = _products.batchIdOf(_product, "L2");
        VM.startPrank(_brand);
        _products.commitSerials(_product, batch1, rootA, uint32(countA), salted);
        _products.commitSerials(_product, batch1, rootB, uint32(countB), salted);
        _products.commitSerials(_product, batch2, rootA, uint32(countA), salted);
        VM.stopPrank();

        for (uint256 i; i < countA + countB; ++i) {
            bool inA = i < countA;
            bytes32[] memory proof = inA ? _proof(leavesA, i) : _proof(leavesB, i - countA);
            bytes32 root = inA ? rootA : rootB;
            string memory serial = serials[i];
            assertTrue(_verify(address(0), "L1", serial, salts[i], root, proof), "a member does not prove");
            assertTrue(
                !_verify(address(0), "L1", serial, salts[i], inA ? rootB : rootA, proof),
                "a member proves under the other root"
            );
            assertTrue(!_verify(address(0), "L1", serial, ~salts[i], root, proof), "a member proves with another salt");
            assertTrue(!_verify(address(0), "L2", serial, salts[i], rootA, proof), "a member proves under another lot");
            assertTrue(!_verify(address(0), "L9", serial, salts[i], root, proof), "a member proves under no batch");
            assertTrue(
                !_verify(_impostor, "L1", serial, salts[i], root, proof),
                "a member proves in another namespace"
            );
        }

        string memory outsider = _keyText(outsiderRaw);
        for (uint256 i; i < serials.length; ++i) VM.assume(keccak256(bytes(outsider)) != keccak256(bytes(serials[i])));
        for (uint256 i; i < countA + countB; ++i) {
            bool inA = i < countA;
            bytes32[] memory proof = inA ? _proof(leavesA, i) : _proof(leavesB, i - countA);
            for (uint256 r; r < 2; ++r) {
                bytes32 root = r == 0 ? rootA : rootB;
                assertTrue(!_verify(address(0), "L1", outsider, salts[i], root, proof), "an outsider proves");
                assertTrue(!_verify(address(0), "L1", outsider, outsiderSalt, root, proof), "an outsider proves");
            }
        }
        bytes32[] memory fuzzed = new bytes32[](junk.length > 8 ? 8 : junk.length);
        for (uint256 i; i < fuzzed.length; ++i) fuzzed[i] = junk[i];
        assertTrue(!_verify(address(0), "L1", outsider, outsiderSalt, rootA, fuzzed), "an outsider proves (junk)");
        assertTrue(!_verify(address(0), "L1", outsider, outsiderSalt, rootB, fuzzed), "an outsider proves (junk)");
        assertTrue(!_verify(address(0), "L1", outsider, bytes32(0), rootA, fuzzed), "an outsider proves (junk)");
    }

    /**
     * The leaf is OpenZeppelin's StandardMerkleTree leaf of (uint256 gtin14, string lot, string serial, bytes32 salt),
     * as serialLeaf says, for any GTIN value, lot, serial and salt; and a root committed by the brand proves only
     * while it counts: not after the product is reclaimed (a new generation), even once the batch is registered again.
     */
    function testSerialRootStopsProvingAfterAReclaim(bytes calldata serialRaw, bytes32 salt, uint256 gtin) public {
        string memory serial = _keyText(serialRaw);
        assertEq(
            _products.serialLeaf(gtin, "L1", serial, salt),
            Model.leaf(gtin, "L1", serial, salt),
            "serialLeaf is not the documented leaf"
        );
        bytes32 root = Model.leaf(_VALUE, "L1", serial, salt);
        bytes32 batch = _products.batchIdOf(_product, "L1");
        VM.prank(_brand);
        _products.commitSerials(_product, batch, root, 1, true);
        assertTrue(
            _verify(address(0), "L1", serial, salt, root, new bytes32[](0)),
            "a committed serial does not prove"
        );
        // The brand hands the product to the competitor, unaccredited, and reclaims it.
        _handOverAndReclaim();
        assertTrue(!_verify(address(0), "L1", serial, salt, root, new bytes32[](0)), "a root of a former generation");
        VM.prank(_brand);
        _products.registerBatch(_product, "L1", "", bytes32(0));
        assertTrue(!_verify(address(0), "L1", serial, salt, root, new bytes32[](0)), "a root of a former generation");
        VM.prank(_brand);
        _products.commitSerials(_product, batch, root, 1, true);
        assertTrue(
            _verify(address(0), "L1", serial, salt, root, new bytes32[](0)),
            "a recommitted root does not prove"
        );
    }

    // -------------------------------------------------------------------------------------------------------------
    // Actors
    // -------------------------------------------------------------------------------------------------------------

    /**
     * Actors serve the owner that designated them: they lapse when the product changes hands, and count again if the
     * same owner gets it back by transfer (IProducts). The brand designates the supplier with fuzzed roles and hands
     * the product to the competitor: the supplier records nothing for the competitor; the brand takes the product back
     * by transfer: the designation counts again.
     */
    function testActorServesOnlyTheOwnerThatDesignatedIt(uint8 roles, uint8 stepSeed) public {
        roles = uint8(bound(roles, 1, 15));
        uint8 step = _fittingStep(roles, stepSeed);
        VM.prank(_brand);
        _products.setActor(_product, _supplier, roles);
        assertTrue(_products.canRecord(_product, _supplier, step), "the actor cannot record");
        _transfer(_brand, _competitor);
        _assertLapsed(step);
        _transfer(_competitor, _brand);
        (, uint8 live) = _products.actorOf(_product, _supplier);
        assertEq(live, roles, "the designation does not count again for its owner");
        VM.prank(_supplier);
        _products.recordEvent(_product, _product, step, uint64(block.timestamp), keccak256("event"));
    }

    /**
     * A reclaim starts afresh (IProducts): the brand designates the supplier, hands the product to the competitor (not
     * accredited) and reclaims it; the supplier's designation, of the earlier generation, no longer counts.
     */
    function testActorOfAnEarlierGenerationDoesNotCount(uint8 roles, uint8 stepSeed) public {
        roles = uint8(bound(roles, 1, 15));
        uint8 step = _fittingStep(roles, stepSeed);
        VM.prank(_brand);
        _products.setActor(_product, _supplier, roles);
        _handOverAndReclaim();
        assertEq(_products.productOf(_product).generation, 1, "setUp: no reclaim");
        _assertLapsed(step);
    }

    // -------------------------------------------------------------------------------------------------------------
    // GTINs
    // -------------------------------------------------------------------------------------------------------------

    /**
     * Property 4a: for any number below 10^13 (drawn at every magnitude, so that GTIN-8, -12 and -13 forms occur), the
     * GTIN-14 completed with its check digit, written in any of the forms its leading zeros allow (8, 12, 13 or 14
     * digits), parses to its value, or reverts with RestrictedGtin exactly when it lies in GS1's restricted ranges
     * (ProductsModel.isRestricted, written from the NatSpec).
     */
    function testGtinWithItsCheckDigitParsesUnlessRestricted(uint256 body, uint8 magnitude, uint8 form) public view {
        body = bound(body, 0, 10 ** (7 + (magnitude % 7)) - 1);
        uint256 value = body * 10 + Model.checkDigit(body);
        string memory gtin = Model.lastDigits(value, _someLength(value, form));
        if (Model.isRestricted(value)) {
            try _products.gtin14(gtin) returns (uint256) {
                assertTrue(false, "a restricted GTIN parsed");
            } catch (bytes memory reason) {
                _assertReason(reason, abi.encodeWithSelector(IProducts.RestrictedGtin.selector, value));
            }
        } else {
            assertEq(_products.gtin14(gtin), value, "a GTIN parsed to another value");
        }
    }

    /// Property 4b: any other last digit than the check digit reverts with WrongCheckDigit(value, expected), whatever
    /// the range (the check digit is checked first) and the form.
    function testWrongCheckDigitReverts(uint256 body, uint8 magnitude, uint8 form, uint8 offset) public {
        body = bound(body, 0, 10 ** (7 + (magnitude % 7)) - 1);
        uint256 expected = Model.checkDigit(body);
        uint256 value = body * 10 + ((expected + 1 + (offset % 9)) % 10);
        string memory gtin = Model.lastDigits(value, _someLength(value, form));
        VM.expectRevert(abi.encodeWithSelector(IProducts.WrongCheckDigit.selector, value, uint8(expected)));
        _products.gtin14(gtin);
    }

    /// Property 4c: a string of 8, 12, 13 or 14 characters with a non-digit anywhere reverts with InvalidGtin.
    function testGtinWithANonDigitReverts(uint256 digits, uint8 form, uint8 position, bytes1 bad) public {
        VM.assume(bad < "0" || bad > "9");
        uint8[4] memory lengths = [8, 12, 13, 14];
        bytes memory gtin = bytes(Model.lastDigits(digits % 1e14, lengths[form % 4]));
        gtin[position % gtin.length] = bad;
        VM.expectRevert(abi.encodeWithSelector(IProducts.InvalidGtin.selector, string(gtin)));
        _products.gtin14(string(gtin));
    }

    /// Property 4c: a string of digits of any length but 8, 12, 13 and 14 (0 to 40) reverts with InvalidGtin.
    function testGtinOfAnotherLengthReverts(uint256 digits, uint8 length) public {
        length = uint8(bound(length, 0, 40));
        VM.assume(length != 8 && length != 12 && length != 13 && length != 14);
        bytes memory gtin = new bytes(length);
        for (uint256 i; i < length; ++i) gtin[i] = bytes1(uint8(48 + (uint256(keccak256(abi.encode(digits, i))) % 10)));
        VM.expectRevert(abi.encodeWithSelector(IProducts.InvalidGtin.selector, string(gtin)));
        _products.gtin14(string(gtin));
    }

    /// Property 4, any string at all: it parses exactly when the model says it is a GTIN (8, 12, 13 or 14 digits,
    /// right check digit, not restricted), to the value of its digits; otherwise it reverts with the error the model
    /// names.
    function testAnyStringParsesAsTheModelSays(string calldata gtin) public view {
        bytes memory raw = bytes(gtin);
        bool digitsOnly = raw.length == 8 || raw.length == 12 || raw.length == 13 || raw.length == 14;
        uint256 value;
        for (uint256 i; i < raw.length && digitsOnly; ++i) {
            if (raw[i] < "0" || raw[i] > "9") digitsOnly = false;
            else value = value * 10 + (uint8(raw[i]) - 48);
        }
        bytes memory expected;
        if (!digitsOnly) {
            expected = abi.encodeWithSelector(IProducts.InvalidGtin.selector, gtin);
        } else if (value % 10 != Model.checkDigit(value / 10)) {
            expected = abi.encodeWithSelector(IProducts.WrongCheckDigit.selector, value, Model.checkDigit(value / 10));
        } else if (Model.isRestricted(value)) {
            expected = abi.encodeWithSelector(IProducts.RestrictedGtin.selector, value);
        }
        try _products.gtin14(gtin) returns (uint256 parsed) {
            assertEq(expected.length, 0, "a string that is no valid GTIN parsed");
            assertEq(parsed, value, "a GTIN parsed to another value");
        } catch (bytes memory reason) {
            assertTrue(expected.length != 0, "a valid GTIN was refused");
            _assertReason(reason, expected);
        }
    }

    /**
     * Ids: for any namespace other than the brand's and any GTIN of the pool's form, the self-declared id never equals
     * the brand id, and both are keccak256(abi.encode(namespace, gtin14)); a GTIN-13 and its GTIN-14 form share them.
     */
    function testSelfDeclaredAndBrandIdsNeverCoincide(address namespace, uint256 body) public view {
        VM.assume(namespace != address(0));
        body = bound(body, 0, 1e12 - 1);
        uint256 value = body * 10 + Model.checkDigit(body);
        VM.assume(!Model.isRestricted(value));
        string memory gtin13 = Model.lastDigits(value, 13);
        string memory gtin14 = Model.lastDigits(value, 14);
        bytes32 brandId = _products.productIdOf(address(0), gtin13);
        bytes32 ownId = _products.productIdOf(namespace, gtin13);
        assertTrue(brandId != ownId, "a self-declared id equals the brand id");
        assertEq(brandId, Model.productId(address(0), value), "the brand id is not as documented");
        assertEq(ownId, Model.productId(namespace, value), "the self-declared id is not as documented");
        assertEq(_products.productIdOf(namespace, gtin14), ownId, "a GTIN-13 and its GTIN-14 differ");
    }

    // -------------------------------------------------------------------------------------------------------------
    // Lots and serials
    // -------------------------------------------------------------------------------------------------------------

    /// Property 4d: any string of 1 to 20 characters of the 82-character set is a valid lot and serial, with the
    /// documented ids, different for a lot and a serial of the same text.
    function testKeyTextOfTheCharacterSetIsAccepted(bytes calldata raw) public view {
        string memory text = _keyText(raw);
        bytes32 batch = _products.batchIdOf(_product, text);
        bytes32 item = _products.itemIdOf(_product, text);
        assertEq(batch, Model.subjectId(_product, Model.AI_LOT, text), "the batch id is not as documented");
        assertEq(item, Model.subjectId(_product, Model.AI_SERIAL, text), "the item id is not as documented");
        assertTrue(batch != item, "a lot and a serial share an id");
    }

    /// Property 4d: a text with one byte outside the set anywhere, an empty text, or one longer than 20 characters
    /// is refused with InvalidKeyText, as a lot and as a serial.
    function testKeyTextOutsideTheRulesIsRefused(bytes calldata raw, uint8 position, bytes1 bad, uint8 mode) public {
        bytes memory text = bytes(_keyText(raw));
        if (mode % 3 == 0) {
            VM.assume(!Model.inCset82(bad));
            text[position % text.length] = bad;
        } else if (mode % 3 == 1) {
            text = "";
        } else {
            bytes memory longer = new bytes(21 + (position % 40));
            for (uint256 i; i < longer.length; ++i) longer[i] = text[i % text.length];
            text = longer;
        }
        VM.expectRevert(abi.encodeWithSelector(IProducts.InvalidKeyText.selector, Model.AI_LOT, string(text)));
        _products.batchIdOf(_product, string(text));
        VM.expectRevert(abi.encodeWithSelector(IProducts.InvalidKeyText.selector, Model.AI_SERIAL, string(text)));
        _products.itemIdOf(_product, string(text));
    }

    /// Property 4d, any bytes at all: accepted exactly when the model says the text is 1 to 20 characters of the set.
    function testAnyKeyTextAsTheModelSays(bytes calldata raw) public view {
        string memory text = string(raw);
        try _products.batchIdOf(_product, text) returns (bytes32 batch) {
            assertTrue(Model.isKeyText(raw), "an invalid lot was accepted");
            assertEq(batch, Model.subjectId(_product, Model.AI_LOT, text), "the batch id is not as documented");
        } catch (bytes memory reason) {
            assertTrue(!Model.isKeyText(raw), "a valid lot was refused");
            _assertReason(reason, abi.encodeWithSelector(IProducts.InvalidKeyText.selector, Model.AI_LOT, text));
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Business steps
    // -------------------------------------------------------------------------------------------------------------

    /// The roles that may record each step are those of the table in JourneySteps' NatSpec; no other step exists.
    function testStepRolesFollowTheTable(uint8 step) public {
        if (Model.isStep(step)) {
            assertEq(_products.stepRoles(step), Model.stepRoles(step), "the roles of a step differ from the table");
        } else {
            VM.expectRevert(abi.encodeWithSelector(IProducts.InvalidStep.selector, step));
            _products.stepRoles(step);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Helpers
    // -------------------------------------------------------------------------------------------------------------

    function _verify(
        address namespace,
        string memory lot,
        string memory serial,
        bytes32 salt,
        bytes32 root,
        bytes32[] memory proof
    ) internal view returns (bool) {
        return _products.verifySerial(namespace, _GTIN, lot, serial, salt, root, proof);
    }

    /// @dev `count` distinct serials of the character set (the first character tells them apart), with non-zero salts
    /// when `salted`.
    function _serials(
        uint256 seed,
        uint256 count,
        bool salted
    ) internal pure returns (string[] memory serials, bytes32[] memory salts) {
        bytes memory set = bytes(Model.CSET82);
        serials = new string[](count);
        salts = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            bytes memory serial = new bytes(1 + (r % 20));
            serial[0] = set[i];
            for (uint256 j = 1; j < serial.length; ++j) serial[j] = set[(r >> (8 + 8 * j)) % set.length];
            serials[i] = string(serial);
            if (salted) salts[i] = keccak256(abi.encode(seed, i, "salt")) | bytes32(uint256(1));
        }
    }

    /// @dev The root of a tree over `leaves` with sorted-pair hashing, an odd node moving up unpaired.
    function _root(bytes32[] memory leaves) internal pure returns (bytes32) {
        bytes32[] memory layer = leaves;
        while (layer.length > 1) layer = _nextLayer(layer);
        return layer[0];
    }

    /// @dev The proof of leaf `index`: its sibling on every layer that has one.
    function _proof(bytes32[] memory leaves, uint256 index) internal pure returns (bytes32[] memory proof) {
        bytes32[] memory path = new bytes32[](8);
        uint256 length;
        bytes32[] memory layer = leaves;
        while (layer.length > 1) {
            uint256 sibling = index ^ 1;
            if (sibling < layer.length) path[length++] = layer[sibling];
            layer = _nextLayer(layer);
            index /= 2;
        }
        proof = new bytes32[](length);
        for (uint256 i; i < length; ++i) proof[i] = path[i];
    }

    function _nextLayer(bytes32[] memory layer) internal pure returns (bytes32[] memory next) {
        next = new bytes32[]((layer.length + 1) / 2);
        for (uint256 i; i < next.length; ++i) {
            next[i] = 2 * i + 1 < layer.length ? Model.hashPair(layer[2 * i], layer[2 * i + 1]) : layer[2 * i];
        }
    }

    /// @dev `raw` mapped onto the character set, 1 to 20 characters long.
    function _keyText(bytes memory raw) internal pure returns (string memory) {
        bytes memory set = bytes(Model.CSET82);
        uint256 length =
            raw.length == 0
                ? 1
                : raw.length > 20
                    ? 20
                    : raw.length;
        bytes memory text = new bytes(length);
        for (uint256 i; i < length; ++i) text[i] = set[raw.length == 0 ? 0 : uint8(raw[i]) % set.length];
        return string(text);
    }

    /// @dev One of the lengths a GTIN-14 `value` can be written in: 14, 13 without a leading zero, 12 without two,
    /// 8 without six.
    function _someLength(uint256 value, uint8 form) internal pure returns (uint256) {
        uint256[4] memory lengths = [uint256(14), 13, 12, 8];
        for (uint256 i = form % 4; i > 0; --i) {
            if (value < 10 ** lengths[i]) return lengths[i];
        }
        return 14;
    }

    /// @dev A step that `roles` may record.
    function _fittingStep(uint8 roles, uint8 seed) internal pure returns (uint8) {
        for (uint256 i; i < 41; ++i) {
            uint8 step = uint8(1 + ((uint256(seed) + i) % 41));
            if (Model.stepRoles(step) & roles != 0) return step;
        }
        revert AssertionFailed("no step fits");
    }

    function _transfer(address from, address to) internal {
        VM.prank(from);
        _products.offerTransfer(_product, to);
        VM.prank(to);
        _products.acceptTransfer(_product);
    }

    /// @dev The brand hands the product to the competitor, which is not accredited, and reclaims it.
    function _handOverAndReclaim() internal {
        _transfer(_brand, _competitor);
        VM.prank(_brand);
        _products.register(1, _GTIN, _PREFIX_LENGTH, "", bytes32(0));
        assertEq(_products.productOf(_product).owner, _brand, "setUp: the brand did not reclaim");
    }

    /// @dev The supplier's designation on the product does not count now: actorOf, canRecord and recordEvent agree.
    function _assertLapsed(uint8 step) internal {
        (, uint8 live) = _products.actorOf(_product, _supplier);
        assertEq(live, 0, "a lapsed designation counts (actorOf)");
        assertTrue(!_products.canRecord(_product, _supplier, step), "a lapsed designation counts (canRecord)");
        VM.expectRevert(abi.encodeWithSelector(IProducts.NotAnActor.selector, _product, _supplier));
        VM.prank(_supplier);
        _products.recordEvent(_product, _product, step, uint64(block.timestamp), keccak256("event"));
    }

    function _assertReason(bytes memory reason, bytes memory expected) internal pure {
        assertEq(keccak256(reason), keccak256(expected), "reverted with another error");
    }
}
