// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

import {CompaniesClient} from "./base/CompaniesClient.sol";
import {IAccreditations} from "./interfaces/IAccreditations.sol";
import {ICompanies} from "./interfaces/ICompanies.sol";
import {IConstellations} from "./interfaces/IConstellations.sol";
import {IProducts} from "./interfaces/IProducts.sol";
import {ConstellationRoles} from "./libraries/ConstellationRoles.sol";
import {Gs1} from "./libraries/Gs1.sol";
import {JourneySteps} from "./libraries/JourneySteps.sol";
import {OperatorPermissions as Permissions} from "./libraries/OperatorPermissions.sol";
import {ProductRoles} from "./libraries/ProductRoles.sol";

/**
 * @title Products
 * @notice Products with GS1 keys, product actors, serials committed in bulk and journey events. See {IProducts}.
 */
contract Products is IProducts, CompaniesClient {
    /// @notice Product-actor role bits, repeated here so that they are part of the ABI.
    uint8 public constant SUPPLIER = ProductRoles.SUPPLIER;
    uint8 public constant LOGISTICS = ProductRoles.LOGISTICS;
    uint8 public constant RETAILER = ProductRoles.RETAILER;
    uint8 public constant AUDITOR = ProductRoles.AUDITOR;

    /// @inheritdoc IProducts
    uint64 public constant MAX_CLOCK_SKEW = 15 minutes;

    /// @notice The longest metadata URI accepted.
    uint256 public constant MAX_URI_LENGTH = 512;

    /// @notice The Constellations contract, where registering a product takes PRODUCER.
    IConstellations public immutable CONSTELLATIONS;
    /// @notice The Accreditations contract, which says who holds a GS1 Company Prefix.
    IAccreditations public immutable ACCREDITATIONS;

    /// @dev {Accreditations-GS1_COMPANY_PREFIX}.
    uint8 private constant _PREFIX_KIND = 1;
    uint8 private constant _MIN_PREFIX = 4;
    uint8 private constant _MAX_PREFIX = 12;

    mapping(bytes32 product => Product) private _products;
    mapping(bytes32 product => mapping(bytes32 subject => Subject)) private _subjects;
    mapping(bytes32 product => mapping(address actor => Actor)) private _actors;
    mapping(bytes32 batch => mapping(bytes32 root => SerialRoot)) private _serialRoots;
    mapping(bytes32 product => address to) private _transferOffers;

    constructor(
        ICompanies companies,
        IConstellations constellations,
        IAccreditations accreditations
    ) CompaniesClient(companies) {
        CONSTELLATIONS = constellations;
        ACCREDITATIONS = accreditations;
    }

    /// @inheritdoc IProducts
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    // -------------------------------------------------------------------------------------------------------------
    // Products
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IProducts
    function register(
        uint64 constellation,
        string calldata gtin,
        uint8 prefixLength,
        string calldata metadataURI,
        bytes32 metadataHash
    ) external returns (bytes32 product) {
        address company = _actor(Permissions.PRODUCTS);
        (uint256 value, bytes32 ascii) = Gs1.gtin14(gtin);
        _checkUri(metadataURI);
        // Membership proves the company is registered, so a direct sender costs no call to Companies.
        CONSTELLATIONS.requireRoles(constellation, company, ConstellationRoles.PRODUCER);
        address namespace = company;
        if (prefixLength != 0) {
            if (prefixLength < _MIN_PREFIX || prefixLength > _MAX_PREFIX) revert InvalidPrefixLength(prefixLength);
            bytes32 prefix = Gs1.prefixSubject(ascii, prefixLength);
            if (!_holdsPrefix(company, prefix)) revert NotAccreditedForPrefix(company, prefix);
            namespace = address(0);
        }
        product = _productId(namespace, value);
        Product memory previous = _products[product];
        uint16 generation;
        if (previous.owner != address(0)) {
            // Only the brand namespace can be reclaimed, by an accredited company, from an owner that is not.
            if (
                namespace != address(0) ||
                previous.owner == company ||
                _holdsPrefix(previous.owner, Gs1.prefixSubject(ascii, previous.prefixLength))
            ) revert ProductAlreadyRegistered(product, previous.owner);
            generation = previous.generation + 1;
            delete _transferOffers[product];
            emit ProductReclaimed(product, previous.owner, company, generation);
        }
        _products[product] = Product({
            owner: company,
            constellation: constellation,
            prefixLength: prefixLength,
            discontinued: false,
            generation: generation
        });
        emit ProductRegistered(product, company, constellation, value, prefixLength, metadataURI, metadataHash);
    }

    /// @inheritdoc IProducts
    function updateMetadata(bytes32 product, string calldata metadataURI, bytes32 metadataHash) external {
        _requireOwner(product, true);
        _checkUri(metadataURI);
        emit ProductMetadataUpdated(product, metadataURI, metadataHash);
    }

    /// @inheritdoc IProducts
    function discontinue(bytes32 product) external {
        _requireOwner(product, true);
        _products[product].discontinued = true;
        emit ProductDiscontinued(product);
    }

    /// @inheritdoc IProducts
    function offerTransfer(bytes32 product, address to) external {
        (address owner, ) = _requireOwner(product, false);
        if (to == owner) revert InvalidTransferTarget(product, to);
        if (to == address(0)) delete _transferOffers[product];
        else _transferOffers[product] = to;
        emit ProductTransferOffered(product, owner, to);
    }

    /// @inheritdoc IProducts
    function acceptTransfer(bytes32 product) external {
        address company = _actor(Permissions.PRODUCTS);
        if (_transferOffers[product] != company) revert NoTransferOffer(product, company);
        Product storage record = _products[product];
        CONSTELLATIONS.requireRoles(record.constellation, company, ConstellationRoles.PRODUCER);
        address from = record.owner;
        record.owner = company;
        delete _transferOffers[product];
        emit ProductTransferred(product, from, company);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Batches, items, serials
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IProducts
    function registerBatch(
        bytes32 product,
        string calldata lot,
        string calldata metadataURI,
        bytes32 metadataHash
    ) external returns (bytes32 batch) {
        batch = _registerSubject(product, Gs1.AI_LOT, lot, metadataURI);
        emit BatchRegistered(product, batch, lot, metadataURI, metadataHash);
    }

    /// @inheritdoc IProducts
    function registerItem(
        bytes32 product,
        string calldata serial,
        string calldata metadataURI,
        bytes32 metadataHash
    ) external returns (bytes32 item) {
        item = _registerSubject(product, Gs1.AI_SERIAL, serial, metadataURI);
        emit ItemRegistered(product, item, serial, metadataURI, metadataHash);
    }

    /// @inheritdoc IProducts
    function commitSerials(bytes32 product, bytes32 batch, bytes32 root, uint32 count, bool salted) external {
        (, uint16 generation) = _requireOwner(product, true);
        Subject memory subject = _subjects[product][batch];
        if (subject.kind == 0 || subject.generation != generation) revert SubjectNotFound(product, batch);
        if (subject.kind != Gs1.AI_LOT) revert NotABatch(product, batch);
        if (root == bytes32(0) || count == 0) revert InvalidSerialRoot(root, count);
        SerialRoot storage record = _serialRoots[batch][root];
        if (record.committedAt != 0 && record.generation == generation) revert SerialRootExists(batch, root);
        record.generation = generation;
        record.committedAt = uint64(block.timestamp);
        emit SerialsCommitted(product, batch, root, count, salted);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Actors
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IProducts
    function setActor(bytes32 product, address actor, uint8 roles) external {
        (address owner, uint16 generation) = _requireActiveOwner(product);
        if (actor == address(0) || actor == owner) revert InvalidActor(actor);
        unchecked {
            // `roles - 1` wraps to 255 for zero and is ALL or more for any unknown bit.
            if (roles - 1 >= ProductRoles.ALL) revert InvalidActorRoles(roles);
        }
        Actor storage record = _actors[product][actor];
        // The whole slot at once (designatedBy bits 0-159, roles 160-167, generation 168-183): a designation
        // replaces the earlier one entirely, so there is nothing to read first.
        assembly ("memory-safe") {
            sstore(record.slot, or(owner, or(shl(160, roles), shl(168, generation))))
        }
        emit ActorSet(product, actor, roles);
    }

    /// @inheritdoc IProducts
    function removeActor(bytes32 product, address actor) external {
        address company = _actor(Permissions.PRODUCTS);
        address owner = _requireProduct(product).owner;
        if (company != owner && company != actor) revert NotProductOwner(product, company, owner);
        if (_actors[product][actor].roles == 0) revert NotAnActor(product, actor);
        delete _actors[product][actor];
        emit ActorRemoved(product, actor, company);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Journey events
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IProducts
    function recordEvent(bytes32 product, bytes32 subject, uint8 step, uint64 eventTime, bytes32 eventHash) external {
        _record(product, subject, step, eventTime, eventHash);
    }

    /// @inheritdoc IProducts
    function correctEvent(
        bytes32 product,
        bytes32 subject,
        uint8 step,
        uint64 eventTime,
        bytes32 eventHash,
        bytes32 corrects
    ) external {
        if (corrects == bytes32(0) || corrects == eventHash) revert InvalidEventHash();
        _record(product, subject, step, eventTime, eventHash);
        emit JourneyEventCorrected(product, eventHash, corrects);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Views
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IProducts
    function resolve(string calldata gtin) external view returns (Resolution memory resolution) {
        (uint256 value, bytes32 ascii) = Gs1.gtin14(gtin);
        bytes32 product = _productId(address(0), value);
        Product memory record = _products[product];
        if (record.owner == address(0)) return resolution;
        resolution.product = product;
        resolution.owner = record.owner;
        resolution.accredited = _holdsPrefix(record.owner, Gs1.prefixSubject(ascii, record.prefixLength));
    }

    /// @inheritdoc IProducts
    function productOf(bytes32 product) external view returns (Product memory) {
        return _products[product];
    }

    /// @inheritdoc IProducts
    function subjectOf(bytes32 product, bytes32 subject) external view returns (Subject memory record, bool live) {
        record = _subjects[product][subject];
        live = record.kind != 0 && record.generation == _products[product].generation;
    }

    /// @inheritdoc IProducts
    function actorOf(bytes32 product, address actor) external view returns (Actor memory record, uint8 roles) {
        record = _actors[product][actor];
        roles = _liveRoles(product, actor, _products[product]);
    }

    /// @inheritdoc IProducts
    function transferOfferOf(bytes32 product) external view returns (address) {
        return _transferOffers[product];
    }

    /// @inheritdoc IProducts
    function serialRootOf(
        bytes32 product,
        bytes32 batch,
        bytes32 root
    ) public view returns (SerialRoot memory record, bool live) {
        record = _serialRoots[batch][root];
        uint16 generation = _products[product].generation;
        Subject memory subject = _subjects[product][batch];
        live =
            record.committedAt != 0 &&
            record.generation == generation &&
            subject.kind == Gs1.AI_LOT &&
            subject.generation == generation;
    }

    /// @inheritdoc IProducts
    function verifySerial(
        address namespace,
        string calldata gtin,
        string calldata lot,
        string calldata serial,
        bytes32 salt,
        bytes32 root,
        bytes32[] calldata proof
    ) external view returns (bool) {
        (uint256 value, ) = Gs1.gtin14(gtin);
        Gs1.checkText(Gs1.AI_SERIAL, serial);
        bytes32 product = _productId(namespace, value);
        (, bool live) = serialRootOf(product, batchIdOf(product, lot), root);
        return live && MerkleProof.verifyCalldata(proof, root, serialLeaf(value, lot, serial, salt));
    }

    /// @inheritdoc IProducts
    function requireWriter(
        bytes32 product,
        bytes32 subject,
        address company,
        uint8 roles
    ) external view returns (uint64) {
        Product memory record = _requireProduct(product);
        if (record.discontinued) revert ProductIsDiscontinued(product);
        if (company != record.owner) {
            uint8 held = _liveRoles(product, company, record);
            if (held == 0) revert NotAnActor(product, company);
            if (held & roles == 0) revert ActorRolesMissing(product, company, roles, held);
        }
        _requireSubject(product, subject, record.generation);
        return record.constellation;
    }

    /// @inheritdoc IProducts
    function canRecord(bytes32 product, address company, uint8 step) external view returns (bool) {
        Product memory record = _products[product];
        if (record.owner == address(0) || record.discontinued || !_isStep(step)) return false;
        return company == record.owner || _liveRoles(product, company, record) & JourneySteps.rolesFor(step) != 0;
    }

    /// @inheritdoc IProducts
    function stepRoles(uint8 step) external pure returns (uint8) {
        if (!_isStep(step)) revert InvalidStep(step);
        return JourneySteps.rolesFor(step);
    }

    /// @inheritdoc IProducts
    function gtin14(string calldata gtin) external pure returns (uint256) {
        (uint256 value, ) = Gs1.gtin14(gtin);
        return value;
    }

    /// @inheritdoc IProducts
    function productIdOf(address namespace, string calldata gtin) external pure returns (bytes32) {
        (uint256 value, ) = Gs1.gtin14(gtin);
        return _productId(namespace, value);
    }

    /// @inheritdoc IProducts
    function batchIdOf(bytes32 product, string calldata lot) public pure returns (bytes32) {
        Gs1.checkText(Gs1.AI_LOT, lot);
        return _subjectId(product, Gs1.AI_LOT, lot);
    }

    /// @inheritdoc IProducts
    function itemIdOf(bytes32 product, string calldata serial) external pure returns (bytes32) {
        Gs1.checkText(Gs1.AI_SERIAL, serial);
        return _subjectId(product, Gs1.AI_SERIAL, serial);
    }

    /// @inheritdoc IProducts
    function serialLeaf(
        uint256 gtin,
        string calldata lot,
        string calldata serial,
        bytes32 salt
    ) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(gtin, lot, serial, salt))));
    }

    // -------------------------------------------------------------------------------------------------------------
    // Internals
    // -------------------------------------------------------------------------------------------------------------

    function _record(bytes32 product, bytes32 subject, uint8 step, uint64 eventTime, bytes32 eventHash) private {
        address company = _actor(Permissions.EVENTS);
        Product memory record = _requireProduct(product);
        if (record.discontinued) revert ProductIsDiscontinued(product);
        if (!_isStep(step)) revert InvalidStep(step);
        if (company != record.owner) {
            uint8 held = _liveRoles(product, company, record);
            if (held == 0) revert NotAnActor(product, company);
            uint8 allowed = JourneySteps.rolesFor(step);
            if (held & allowed == 0) revert StepNotAllowed(product, company, step, allowed, held);
        }
        _requireSubject(product, subject, record.generation);
        uint64 latest = uint64(block.timestamp) + MAX_CLOCK_SKEW;
        if (eventTime == 0 || eventTime > latest) revert InvalidEventTime(eventTime, latest);
        if (eventHash == bytes32(0)) revert InvalidEventHash();
        emit JourneyEventRecorded(product, subject, company, step, eventTime, eventHash);
    }

    function _registerSubject(
        bytes32 product,
        uint8 kind,
        string calldata text,
        string calldata metadataURI
    ) private returns (bytes32 id) {
        (, uint16 generation) = _requireOwner(product, true);
        Gs1.checkText(kind, text);
        _checkUri(metadataURI);
        id = _subjectId(product, kind, text);
        Subject storage record = _subjects[product][id];
        if (record.kind != 0 && record.generation == generation) revert SubjectAlreadyRegistered(product, id);
        record.kind = kind;
        record.generation = generation;
        record.registeredAt = uint64(block.timestamp);
    }

    /// @dev `subject` is `product` itself or one of its batches or items registered in `generation`.
    function _requireSubject(bytes32 product, bytes32 subject, uint16 generation) private view {
        if (subject == product) return;
        Subject memory s = _subjects[product][subject];
        if (s.kind == 0 || s.generation != generation) revert SubjectNotFound(product, subject);
    }

    /// @dev The acting company, which must own `product` (and, when `active`, the product must not be discontinued).
    function _requireOwner(bytes32 product, bool active) private view returns (address owner, uint16 generation) {
        address company = _actor(Permissions.PRODUCTS);
        Product memory record = _requireProduct(product);
        owner = record.owner;
        if (company != owner) revert NotProductOwner(product, company, owner);
        if (active && record.discontinued) revert ProductIsDiscontinued(product);
        generation = record.generation;
    }

    /**
     * @dev {_requireOwner} for writes that need only the owner: one SLOAD and no copy of the whole record. Layout of
     * the slot (Solidity packs struct fields from the low-order end): bits 0-159 owner, 160-223 constellation,
     * 224-231 prefixLength, 232-239 discontinued, 240-255 generation.
     */
    function _requireActiveOwner(bytes32 product) private view returns (address owner, uint16 generation) {
        address company = _actor(Permissions.PRODUCTS);
        Product storage record = _products[product];
        uint256 word;
        assembly ("memory-safe") {
            word := sload(record.slot)
        }
        owner = address(uint160(word));
        if (company != owner) {
            if (owner == address(0)) revert ProductNotFound(product);
            revert NotProductOwner(product, company, owner);
        }
        if (uint8(word >> 232) != 0) revert ProductIsDiscontinued(product);
        generation = uint16(word >> 240);
    }

    function _requireProduct(bytes32 product) private view returns (Product memory record) {
        record = _products[product];
        if (record.owner == address(0)) revert ProductNotFound(product);
    }

    /// @dev The roles `company` holds on `product` now: those of a designation by its current owner, made in its
    /// current generation.
    function _liveRoles(bytes32 product, address company, Product memory record) private view returns (uint8) {
        Actor memory actor = _actors[product][company];
        return actor.designatedBy == record.owner && actor.generation == record.generation ? actor.roles : 0;
    }

    function _holdsPrefix(address company, bytes32 prefix) private view returns (bool) {
        return ACCREDITATIONS.isAccredited(company, _PREFIX_KIND, prefix);
    }

    function _checkUri(string calldata uri) private pure {
        if (bytes(uri).length > MAX_URI_LENGTH) revert UriTooLong(bytes(uri).length, MAX_URI_LENGTH);
    }

    function _isStep(uint8 step) private pure returns (bool) {
        unchecked {
            return step - 1 < JourneySteps.COUNT;
        }
    }

    function _productId(address namespace, uint256 gtin) private pure returns (bytes32) {
        return keccak256(abi.encode(namespace, gtin));
    }

    function _subjectId(bytes32 product, uint8 kind, string calldata text) private pure returns (bytes32) {
        return keccak256(abi.encode(product, kind, text));
    }
}
