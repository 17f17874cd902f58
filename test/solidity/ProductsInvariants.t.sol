// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Accreditations} from "../../contracts/Accreditations.sol";
import {Companies} from "../../contracts/Companies.sol";
import {Constellations} from "../../contracts/Constellations.sol";
import {Products} from "../../contracts/Products.sol";
import {ICompanies} from "../../contracts/interfaces/ICompanies.sol";
import {IProducts} from "../../contracts/interfaces/IProducts.sol";
import {ConstellationRoles as Roles} from "../../contracts/libraries/ConstellationRoles.sol";
import {OperatorPermissions as Permissions} from "../../contracts/libraries/OperatorPermissions.sol";
import {ProductsHandler, ProductsModel} from "./handlers/ProductsHandler.sol";
import {TestBase} from "./utils/TestBase.sol";
import {VM} from "./utils/Vm.sol";

/**
 * @title ProductsInvariantsTest
 * @notice Invariant tests of Products. The runner calls the handler only (see `targetContracts`): random sequences of
 * registrations (brand and self-declared, of GTINs on the brand's accredited prefix and on a prefix nobody holds,
 * reclaims included), metadata updates, discontinuations, transfer offers and acceptances, batches, items, serial
 * roots, actor designations and removals, journey events and corrections, by five companies each acting directly,
 * through its operator (`actFor`) or through another company's operator; and the accreditation body granting and
 * revoking the brand's (or the competitor's) accreditation while time passes. After every step of every sequence the
 * invariants below must hold.
 *
 * The companies: 0 the brand, accredited for the GS1 Company Prefix 4012345, founder and PRODUCER of constellation 1;
 * 1 an impostor, never accredited, founder and PRODUCER of constellation 2; 2 a competitor, PRODUCER in constellation
 * 1; 3 a supplier, SUPPLIER (not PRODUCER) in constellation 1; 4 a stranger, never registered, so it has no operator
 * and belongs nowhere (it may still be designated an actor). Operators: the brand's and the impostor's hold every
 * permission, the competitor's EVENTS only, the supplier's PRODUCTS and EVENTS.
 *
 * forge-config: default.invariant.runs = 48
 * forge-config: default.invariant.depth = 80
 */
contract ProductsInvariantsTest is TestBase {
    uint256 private constant _COMPANIES = 5;
    uint8 private constant _GS1 = 1;

    Companies internal _companies;
    Constellations internal _constellations;
    Accreditations internal _accreditations;
    Products internal _products;
    ProductsHandler internal _handler;

    address[_COMPANIES] internal _accounts;
    address internal _body = address(0xB0D1E5);

    function setUp() public {
        VM.warp(1_750_000_000);
        _companies = new Companies();
        _constellations = new Constellations(_companies);
        _accreditations = new Accreditations(_companies, address(this));
        _products = new Products(_companies, _constellations, _accreditations);

        address[_COMPANIES] memory operators;
        uint256[_COMPANIES] memory permissions = [
            Permissions.ALL,
            Permissions.ALL,
            Permissions.EVENTS,
            Permissions.PRODUCTS | Permissions.EVENTS,
            0
        ];
        for (uint256 i; i < _COMPANIES; ++i) {
            _accounts[i] = address(uint160(0xC0C0B0000 + i));
            operators[i] = address(uint160(0x0BE7B0000 + i));
            if (i == 4) continue; // the stranger stays unregistered
            VM.startPrank(_accounts[i]);
            _companies.register(ICompanies.Profile("Company", "", "", bytes32(0), ""));
            _companies.setOperator(operators[i], uint192(permissions[i]), type(uint64).max);
            VM.stopPrank();
        }
        VM.prank(_body);
        _companies.register(ICompanies.Profile("GS1", "", "", bytes32(0), ""));

        // Constellation 1: the brand (founder, PRODUCER), the competitor (PRODUCER), the supplier (SUPPLIER).
        VM.startPrank(_accounts[0]);
        _constellations.create("Brand", "", "", bytes32(0));
        _constellations.grantRoles(1, _accounts[0], Roles.PRODUCER);
        _constellations.invite(1, _accounts[2], Roles.PRODUCER, uint64(block.timestamp + 1 days));
        _constellations.invite(1, _accounts[3], Roles.SUPPLIER, uint64(block.timestamp + 1 days));
        VM.stopPrank();
        VM.prank(_accounts[2]);
        _constellations.acceptInvitation(1);
        VM.prank(_accounts[3]);
        _constellations.acceptInvitation(1);
        // Constellation 2: the impostor alone, PRODUCER.
        VM.startPrank(_accounts[1]);
        _constellations.create("Impostor", "", "", bytes32(0));
        _constellations.grantRoles(2, _accounts[1], Roles.PRODUCER);
        VM.stopPrank();

        _accreditations.appointBody(_body, _GS1, "GS1");
        bytes32 prefix = _prefix();
        VM.prank(_body);
        _accreditations.accredit(_accounts[0], _GS1, prefix, uint64(block.timestamp + 30 days), bytes32(0));

        _handler = new ProductsHandler(_products, _accreditations, _body, _accounts, operators, permissions);
        // Every sequence starts with a few products, registered through the handler so that its model knows them: two
        // brand registrations, then self-declared ones (or more brand ones), five in all.
        for (uint256 i; i < 256 && _handler.registeredProducts().length < 5; ++i) {
            if (_handler.registeredProducts().length < 2) _handler.registerAsBrand(i);
            else _handler.register(i);
        }
        assertEq(_handler.violations(), 0, _handler.firstViolation());
        targetContract(address(_handler));
    }

    /**
     * The handler is not vacuous: 400 pseudo-random calls in a fixed sequence register products (brand, self-declared,
     * reclaimed), transfer them, register batches and items, commit serial roots, designate and remove actors, record
     * events as owners and as actors, and see many attempts by companies with no right refused, all with no violation.
     */
    function testHandlerExploresEveryPath() public {
        for (uint256 i; i < 400; ++i) {
            uint256 seed = uint256(keccak256(abi.encode("explore", i)));
            uint256 action = seed % 16;
            if (action == 0) _handler.register(seed);
            else if (action == 1) _handler.registerAsBrand(seed);
            else if (action == 2) _handler.updateMetadata(seed);
            else if (action == 3) _handler.discontinue(seed);
            else if (action == 4) _handler.offerTransfer(seed);
            else if (action == 5) _handler.acceptTransfer(seed);
            else if (action == 6) _handler.registerBatch(seed);
            else if (action == 7) _handler.registerItem(seed);
            else if (action == 8) _handler.commitSerials(seed);
            else if (action == 9) _handler.setActor(seed);
            else if (action == 10) _handler.removeActor(seed);
            else if (action == 11) _handler.recordEvent(seed);
            else if (action == 12) _handler.correctEvent(seed);
            else if (action == 13) _handler.accredit(seed);
            else if (action == 14) _handler.revoke(seed);
            else _handler.warp(seed);
        }
        assertEq(_handler.violations(), 0, _handler.firstViolation());
        string[12] memory kinds = [
            "no registration",
            "no reclaim",
            "no metadata update",
            "no discontinuation",
            "no transfer offer",
            "no transfer accepted",
            "no batch",
            "no item",
            "no serial root",
            "no actor designated",
            "no actor removed",
            "no journey event"
        ];
        for (uint256 k; k < kinds.length; ++k) assertGe(_handler.wrote(k), 1, kinds[k]);
        assertGe(_handler.actorEvents(), 1, "no journey event recorded by an actor");
        assertGe(_handler.unauthorizedRefused(), 50, "few attempts without a right refused");
        invariantOnlyOwnerAndActorsWrite();
        invariantBrandRegistrationIsAuthoritative();
        invariantSerialRootsProveOnlyWhileLive();
    }

    /**
     * Property 1: no account other than the owner and its actors ever writes on a product. Every write that succeeded
     * came from the product's owner at the time (for batches, items, serial roots, actors, metadata, discontinuing and
     * transfer offers), from the company the owner offered it to (acceptance), from the owner or an actor the owner
     * designated in the current generation whose roles fit the business step (journey events), from the
     * owner or the actor itself (removing an actor); and a registration took a fresh id in the registrant's own
     * namespace, or the brand namespace for a company accredited for the prefix, which it may take from an owner only
     * by reclaiming it from one no longer accredited. Besides, the handler found no attempt that succeeded against
     * the rules or was refused by them, no journey event attributed to another company than the one that recorded
     * it, and productOf, actorOf, canRecord and transferOfferOf always agreed with its model.
     */
    function invariantOnlyOwnerAndActorsWrite() public view {
        ProductsHandler.Write[] memory log = _handler.writes();
        for (uint256 i; i < log.length; ++i) {
            ProductsHandler.Write memory w = log[i];
            ProductsHandler.Kind kind = w.kind;
            if (kind == ProductsHandler.Kind.Register) {
                assertEq(w.owner, address(0), "a registration took a registered id");
                assertTrue(
                    w.namespace == w.writer || (w.namespace == address(0) && w.writerAccredited),
                    "a registration took an id outside the registrant's namespace"
                );
            } else if (kind == ProductsHandler.Kind.Reclaim) {
                assertTrue(
                    w.namespace == address(0) && w.writerAccredited && !w.ownerAccredited && w.writer != w.owner,
                    "a registration was taken from its owner other than by an accredited reclaim"
                );
            } else if (kind == ProductsHandler.Kind.Accept) {
                assertTrue(w.offeree != address(0), "a product was taken without an offer");
                assertEq(w.writer, w.offeree, "a product was taken by a company it was not offered to");
            } else if (kind == ProductsHandler.Kind.Event) {
                assertTrue(
                    w.writer == w.owner || w.held & w.allowed != 0,
                    "a journey event was recorded by neither the owner nor a fitting actor it designated"
                );
            } else if (kind == ProductsHandler.Kind.RemoveActor) {
                assertTrue(w.writer == w.owner || w.writer == w.target, "an actor was removed by someone else");
            } else {
                assertEq(w.writer, w.owner, "a company other than the owner wrote on a product");
            }
            assertTrue(w.writer != address(0), "a write without a writer");
        }
        assertEq(_handler.violations(), 0, _handler.firstViolation());
    }

    /**
     * Property 2: the authoritative registration of a GTIN is always the accredited brand's when one exists. For every
     * GTIN of the pool (and the alias "04012345000016" of the first), `resolve` returns the brand registration the
     * model has (or nothing), with its owner and whether that owner is accredited for the prefix now; when the brand
     * owns the registration and holds its accreditation, `resolve` names the brand, accredited. It never returns a
     * self-declared id, and no self-declared id (of any of the companies) coincides with the brand id. Nobody holds a
     * brand registration on the prefix nobody is accredited for, and the impostor never holds one at all.
     */
    function invariantBrandRegistrationIsAuthoritative() public view {
        for (uint256 v; v < _handler.VALUES(); ++v) _checkResolution(v);
    }

    function _checkResolution(uint256 v) internal view {
        string memory gtin = _handler.gtinOfValue(v);
        bytes32 brandId = _products.productIdOf(address(0), gtin);
        assertEq(
            brandId,
            ProductsModel.productId(address(0), _handler.valueAt(v)),
            "the brand id is not as documented"
        );
        IProducts.Resolution memory r = _products.resolve(gtin);
        for (uint256 i; i < _COMPANIES; ++i) {
            bytes32 own = _products.productIdOf(_accounts[i], gtin);
            assertTrue(own != brandId, "a self-declared id coincides with the brand id");
            assertTrue(r.product != own, "resolve returned a self-declared registration");
        }
        if (v == 0) {
            IProducts.Resolution memory longForm = _products.resolve(_handler.gtinAt(1));
            assertEq(longForm.product, r.product, "a GTIN-13 and its GTIN-14 resolve differently");
        }
        ProductsHandler.Ghost memory g = _handler.ghostOf(brandId);
        if (g.owner == address(0)) {
            assertEq(r.product, bytes32(0), "resolve returned a registration the brand namespace does not hold");
            assertEq(r.owner, address(0), "resolve returned an owner of no registration");
            assertTrue(!r.accredited, "resolve says accredited for no registration");
            return;
        }
        assertTrue(v < 3, "a brand registration on a prefix nobody is accredited for");
        assertTrue(g.owner != _accounts[1], "the impostor holds a brand registration");
        assertEq(r.product, brandId, "resolve did not return the brand registration");
        assertEq(r.owner, g.owner, "resolve returned another owner");
        bytes32 prefix = ProductsModel.prefixSubject(_handler.valueAt(v), g.prefixLength);
        assertTrue(r.accredited == _accreditations.isAccredited(g.owner, _GS1, prefix), "resolve's flag is wrong");
        if (g.owner == _accounts[0] && _accreditations.isAccredited(_accounts[0], _GS1, _prefix())) {
            assertTrue(
                r.owner == _accounts[0] && r.accredited,
                "the accredited brand's registration is not authoritative"
            );
        }
    }

    /**
     * Serial roots follow the generations: every single-leaf root the handler committed proves its serial (with an
     * empty proof, under the product's namespace and the batch's lot) exactly while the model holds it live (committed
     * in the current generation for a batch of the current generation) and its leaf is of that lot.
     */
    function invariantSerialRootsProveOnlyWhileLive() public view {
        uint256 count = _handler.rootEntryCount();
        for (uint256 i; i < count; ++i) {
            ProductsHandler.RootCheck memory c = _handler.rootCheckAt(i);
            bool verified = _products.verifySerial(c.namespace, c.gtin, c.lot, c.serial, 0, c.root, new bytes32[](0));
            assertTrue(verified == c.proves, c.proves ? "a live root does not prove" : "a root proves that must not");
        }
    }

    function _prefix() internal view returns (bytes32) {
        return _accreditations.prefixSubject("4012345");
    }
}
