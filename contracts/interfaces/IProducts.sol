// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IActsForCompanies} from "./IActsForCompanies.sol";

/**
 * @title IProducts
 * @notice Products identified by GS1 keys, the actors who may write on them, serials committed in bulk, and the
 * journey events recorded on them.
 *
 * Keys. A product (model) is a GTIN, normalised to GTIN-14 and carried as the integer value of its 14 digits. A
 * batch is GTIN + lot, an item GTIN + serial (1 to 20 characters of GS1's 82-character set each). Ids:
 *  - product: `keccak256(abi.encode(namespace, gtin14))`;
 *  - batch: `keccak256(abi.encode(product, uint8(10), lot))`, item: `keccak256(abi.encode(product, uint8(21),
 *    serial))` (10 and 21 are the GS1 application identifiers of lot and serial, so a lot and a serial with the same
 *    text never share an id).
 *
 * Brand versus impostor. A registration by a company accredited (Accreditations contract) for the GTIN's GS1 Company
 * Prefix is the brand's own: it lives in the brand namespace, `namespace == address(0)`, one per GTIN. Anyone else's
 * registration lives in its registrant's namespace (`namespace == registrant`) and is self-declared. The two never
 * share an id, so a self-declared registration can neither block nor shadow the brand's, whichever comes first.
 * {resolve} answers which registration of a GTIN is authoritative: the brand registration, if there is one, and
 * whether its owner is accredited for the prefix right now. Self-declared registrations are never authoritative;
 * indexers list them, labelled as self-declared. If the owner of a brand registration loses its accreditation, a
 * company accredited for the prefix may register the GTIN again and so reclaim it: the record starts a new
 * generation, and the former owner's batches, items, serial roots and actors no longer count.
 *
 * Who writes. Registering takes PRODUCER in the constellation the product is registered in. Batches, items, serial
 * roots, actors, metadata, discontinuing and transfers are for the product's owner alone (operators need PRODUCTS).
 * Journey events are for the owner and for the product actors it designated whose roles fit the business step
 * ({IProducts-stepRoles}; operators need EVENTS). Membership of the constellation alone lets nobody write on a
 * product. Actors serve the owner that designated them: they lapse when the product changes hands (and count again
 * if the same owner gets it back by transfer; a reclaim starts afresh).
 *
 * Lifecycle. {discontinue} is final for a registration; a discontinued product can still be transferred, and a reclaim
 * starts a new registration, not discontinued, under the reclaiming brand. Registering and accepting a transfer need
 * PRODUCER in an open constellation, so an archived constellation takes no new products and no transfers. Event times
 * have no lower bound (companies import their history); pages treat statements dated at or after a company's
 * compromise time ({ICompanies-markCompromised}) as void.
 *
 * Serials in bulk. The owner commits the serials of a batch as Merkle roots over leaves `(uint256 gtin14, string lot,
 * string serial, bytes32 salt)` in OpenZeppelin's StandardMerkleTree encoding (double-hashed leaves). Roots are
 * append-only: printed codes stay provable. A non-zero salt per leaf keeps the other serials of a batch from being
 * guessed from the hashes in a proof. A proof shows that the owner committed the serial, not that a physical item
 * carrying it is genuine: codes can be copied.
 *
 * Journey events. On-chain only what someone must check later: the subject (product, batch or item), the business step
 * ({JourneySteps}: the 41 CBV 2.0 steps), the event time and the SHA-256 of the full EPCIS 2.0 event as CBV 2.0's
 * standard event hash (`ni:///sha-256;<hex>?ver=CBV2.0`). Facility identifiers, quantities and partners stay in the
 * EPCIS document, which the owner's vault may restrict. Events are emitted, never stored: they cost no storage and
 * cannot be edited. A correction is a new event that names the hash of the one it corrects (EPCIS error declaration).
 */
interface IProducts is IActsForCompanies {
    /// @notice A product registration, packed in one slot. Metadata is emitted, not stored.
    struct Product {
        /// @notice The company that owns the registration; zero means no such product.
        address owner;
        /// @notice The constellation the product was registered in.
        uint64 constellation;
        /// @notice Length of the GS1 Company Prefix the owner is accredited for (4 to 12) in a brand registration;
        /// zero in a self-declared one.
        uint8 prefixLength;
        /// @notice Set for good by {discontinue}: no new batches, items, serials, actors or events.
        bool discontinued;
        /// @notice Grows by one each time a brand registration is reclaimed; batches, items, serial roots written
        /// under an earlier generation no longer count.
        uint16 generation;
    }

    /// @notice A batch or an item of a product.
    struct Subject {
        /// @notice 10 for a batch (GS1 AI 10, lot), 21 for an item (GS1 AI 21, serial); zero means none.
        uint8 kind;
        /// @notice The product's generation when the subject was registered; it counts only while equal.
        uint16 generation;
        /// @notice Block time of registration.
        uint64 registeredAt;
    }

    /// @notice A product actor's designation.
    struct Actor {
        /// @notice The owner that designated the actor; the designation counts only while it owns the product.
        address designatedBy;
        /// @notice {ProductRoles} bits.
        uint8 roles;
        /// @notice The product's generation at the designation; it counts only while equal.
        uint16 generation;
    }

    /// @notice A serial root of a batch.
    struct SerialRoot {
        /// @notice The product's generation when the root was committed; it counts only while equal.
        uint16 generation;
        /// @notice Block time of the commitment; zero means not committed.
        uint64 committedAt;
    }

    /// @notice The answer of {resolve}.
    struct Resolution {
        /// @notice The brand registration of the GTIN (its id in the brand namespace), or zero if there is none.
        bytes32 product;
        /// @notice Its owner, or zero.
        address owner;
        /// @notice Whether the owner is accredited for the GTIN's company prefix now. A brand registration whose owner
        /// lost its accreditation (or received it by transfer without one) still resolves, flagged here, until an
        /// accredited company reclaims it.
        bool accredited;
    }

    /// @notice `owner` registered GTIN-14 `gtin` as `product` within `constellation`; `prefixLength` is zero for a
    /// self-declared registration (namespace = `owner`), else the length of the company prefix it is accredited for
    /// (brand namespace). Also emitted, with a new generation, when an accredited brand reclaims a registration.
    event ProductRegistered(
        bytes32 indexed product,
        address indexed owner,
        uint64 indexed constellation,
        uint256 gtin,
        uint8 prefixLength,
        string metadataURI,
        bytes32 metadataHash
    );
    /// @notice `owner` registered GTIN `gtin` in the brand namespace while `previousOwner` was no longer accredited
    /// for its prefix; the registration's `generation` grew, so nothing written under earlier ones counts.
    event ProductReclaimed(
        bytes32 indexed product,
        address indexed previousOwner,
        address indexed owner,
        uint16 generation
    );
    /// @notice The owner published new metadata for `product` (a document at `metadataURI` hashing to
    /// `metadataHash`).
    event ProductMetadataUpdated(bytes32 indexed product, string metadataURI, bytes32 metadataHash);
    /// @notice `product` is discontinued, for good.
    event ProductDiscontinued(bytes32 indexed product);
    /// @notice The owner offered `product` to `to`; `to` is zero when the offer was withdrawn.
    event ProductTransferOffered(bytes32 indexed product, address indexed from, address indexed to);
    /// @notice `to` accepted `product` from `from`; the actors `from` designated lapse.
    event ProductTransferred(bytes32 indexed product, address indexed from, address indexed to);
    /// @notice The owner registered batch `batch` (GTIN + `lot`) of `product`.
    event BatchRegistered(
        bytes32 indexed product,
        bytes32 indexed batch,
        string lot,
        string metadataURI,
        bytes32 metadataHash
    );
    /// @notice The owner registered item `item` (GTIN + `serial`) of `product`.
    event ItemRegistered(
        bytes32 indexed product,
        bytes32 indexed item,
        string serial,
        string metadataURI,
        bytes32 metadataHash
    );
    /// @notice The owner committed `count` serials of `batch` as the Merkle root `root`; `salted` says whether the
    /// leaves carry salts (a verifier must then obtain a serial's salt with its proof).
    event SerialsCommitted(
        bytes32 indexed product,
        bytes32 indexed batch,
        bytes32 indexed root,
        uint32 count,
        bool salted
    );
    /// @notice The owner designated `actor` on `product` with `roles` (replacing any earlier roles).
    event ActorSet(bytes32 indexed product, address indexed actor, uint8 roles);
    /// @notice `actor` no longer acts on `product`; `by` is the owner or the actor itself.
    event ActorRemoved(bytes32 indexed product, address indexed actor, address by);
    /**
     * @notice `recorder` (the owner or an actor; operators record for them) recorded a journey event on `subject`
     * (the product itself, or one of its batches or items): business step `step` at `eventTime`, with `eventHash`
     * the SHA-256 of the EPCIS 2.0 event (CBV 2.0 event hash).
     */
    event JourneyEventRecorded(
        bytes32 indexed product,
        bytes32 indexed subject,
        address indexed recorder,
        uint8 step,
        uint64 eventTime,
        bytes32 eventHash
    );
    /// @notice The event with hash `eventHash` (recorded in the same transaction) corrects the one with hash
    /// `corrects`. Readers honour a correction only from the recorder of the corrected event or the product's owner.
    event JourneyEventCorrected(bytes32 indexed product, bytes32 indexed eventHash, bytes32 indexed corrects);

    /// @notice `gtin` is not 8, 12, 13 or 14 decimal digits.
    error InvalidGtin(string gtin);
    /// @notice The last digit of GTIN-14 `gtin` is not its check digit, `expected`.
    error WrongCheckDigit(uint256 gtin, uint8 expected);
    /// @notice GTIN-14 `gtin` lies in one of GS1's restricted ranges (in-store, coupon, refund, ISSN/ISBN, GTIN-8
    /// restricted circulation) and never identifies a trade item worldwide.
    error RestrictedGtin(uint256 gtin);
    /// @notice `text` is not a valid value of GS1 application identifier `ai` (10 lot, 21 serial): 1 to 20 characters
    /// of GS1's 82-character set.
    error InvalidKeyText(uint8 ai, string text);
    /// @notice A GS1 Company Prefix is 4 to 12 digits long (zero asks for a self-declared registration).
    error InvalidPrefixLength(uint8 length);
    /// @notice `company` is not accredited now for the GS1 Company Prefix `prefix` (ASCII digits, left-aligned).
    error NotAccreditedForPrefix(address company, bytes32 prefix);
    /// @notice `product` is registered already, owned by `owner`.
    error ProductAlreadyRegistered(bytes32 product, address owner);
    /// @notice No product `product`.
    error ProductNotFound(bytes32 product);
    /// @notice `account` is not the owner of `product` (`owner` is).
    error NotProductOwner(bytes32 product, address account, address owner);
    /// @notice `product` is discontinued.
    error ProductIsDiscontinued(bytes32 product);
    /// @notice `subject` is registered under `product` already.
    error SubjectAlreadyRegistered(bytes32 product, bytes32 subject);
    /// @notice `subject` is neither `product` nor one of its batches or items of the current generation.
    error SubjectNotFound(bytes32 product, bytes32 subject);
    /// @notice `subject` is not a batch of `product` (serials are committed per batch).
    error NotABatch(bytes32 product, bytes32 subject);
    /// @notice A serial root must be non-zero and cover at least one serial.
    error InvalidSerialRoot(bytes32 root, uint32 count);
    /// @notice `root` is committed for `batch` already.
    error SerialRootExists(bytes32 batch, bytes32 root);
    /// @notice `actor` cannot be designated: the zero address or the owner itself.
    error InvalidActor(address actor);
    /// @notice `roles` is not a non-empty combination of {ProductRoles} bits.
    error InvalidActorRoles(uint8 roles);
    /// @notice `account` is not a designated actor of `product`.
    error NotAnActor(bytes32 product, address account);
    /// @notice `company`, an actor of `product`, holds none of the roles `required` (it holds `held`).
    error ActorRolesMissing(bytes32 product, address company, uint8 required, uint8 held);
    /// @notice No business step `step` (1 to 41).
    error InvalidStep(uint8 step);
    /// @notice `company` may not record step `step` on `product`: not its owner, and none of the `held` actor roles
    /// is among the roles that may record it, `allowed`.
    error StepNotAllowed(bytes32 product, address company, uint8 step, uint8 allowed, uint8 held);
    /// @notice `eventTime` is zero or later than `latest` (block time plus the allowed clock skew).
    error InvalidEventTime(uint64 eventTime, uint64 latest);
    /// @notice An event hash must not be zero, and a correction must name another event.
    error InvalidEventHash();
    /// @notice A metadata URI of `length` bytes is longer than `max`.
    error UriTooLong(uint256 length, uint256 max);
    /// @notice `to` cannot receive `product`: the zero address or its owner.
    error InvalidTransferTarget(bytes32 product, address to);
    /// @notice `account` has no open offer of `product`.
    error NoTransferOffer(bytes32 product, address account);

    // -------------------------------------------------------------------------------------------------------------
    // Products
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Registers GTIN `gtin` (8, 12, 13 or 14 digits) within `constellation`, where the acting company holds
     * PRODUCER. With `prefixLength` zero the registration is self-declared, in the company's own namespace; with 4 to
     * 12 it is the brand registration, and the company must be accredited for the GTIN's first `prefixLength` digits
     * after the indicator digit as its GS1 Company Prefix.
     * @return product The product id.
     */
    function register(
        uint64 constellation,
        string calldata gtin,
        uint8 prefixLength,
        string calldata metadataURI,
        bytes32 metadataHash
    ) external returns (bytes32 product);

    /// @notice Publishes new metadata for `product`. Owner only.
    function updateMetadata(bytes32 product, string calldata metadataURI, bytes32 metadataHash) external;

    /// @notice Discontinues `product` for good: no new batches, items, serial roots, actors or journey events.
    /// Owner only.
    function discontinue(bytes32 product) external;

    /**
     * @notice Offers `product` to `to` (zero withdraws the offer), who takes it with {acceptTransfer}. Owner only.
     */
    function offerTransfer(bytes32 product, address to) external;

    /**
     * @notice Takes `product` as offered to the acting company, which must hold PRODUCER in the product's
     * constellation. Batches, items and serial roots move with it; the actors the former owner designated lapse. A
     * brand registration stays in the brand namespace: if its new owner is not accredited for the prefix, {resolve}
     * says so, and a company that is accredited may reclaim it.
     */
    function acceptTransfer(bytes32 product) external;

    // -------------------------------------------------------------------------------------------------------------
    // Batches, items, serials
    // -------------------------------------------------------------------------------------------------------------

    /// @notice Registers the batch `lot` of `product`. Owner only.
    /// @return batch The batch id.
    function registerBatch(
        bytes32 product,
        string calldata lot,
        string calldata metadataURI,
        bytes32 metadataHash
    ) external returns (bytes32 batch);

    /// @notice Registers the item `serial` of `product`. Owner only.
    /// @return item The item id.
    function registerItem(
        bytes32 product,
        string calldata serial,
        string calldata metadataURI,
        bytes32 metadataHash
    ) external returns (bytes32 item);

    /**
     * @notice Commits `count` serials of batch `batch` of `product` as the Merkle root `root` (see the contract notes
     * for the leaf encoding). Roots are append-only. Owner only.
     */
    function commitSerials(bytes32 product, bytes32 batch, bytes32 root, uint32 count, bool salted) external;

    // -------------------------------------------------------------------------------------------------------------
    // Actors
    // -------------------------------------------------------------------------------------------------------------

    /// @notice Designates `actor` on `product` with `roles` ({ProductRoles}), replacing earlier roles. Owner only.
    function setActor(bytes32 product, address actor, uint8 roles) external;

    /// @notice Ends the designation of `actor` on `product`: by the owner, or by the actor itself stepping down.
    function removeActor(bytes32 product, address actor) external;

    // -------------------------------------------------------------------------------------------------------------
    // Journey events
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Records a journey event on `subject` (`product` itself, or one of its batches or items): business step
     * `step` at `eventTime` (not later than the block time plus {MAX_CLOCK_SKEW}), with `eventHash` the SHA-256 of
     * the EPCIS 2.0 event. By the owner, or an actor whose roles fit the step.
     */
    function recordEvent(bytes32 product, bytes32 subject, uint8 step, uint64 eventTime, bytes32 eventHash) external;

    /**
     * @notice Like {recordEvent}, for an event that corrects the event with hash `corrects` (EPCIS error
     * declaration): the document at `eventHash` declares the error and names its corrective events.
     */
    function correctEvent(
        bytes32 product,
        bytes32 subject,
        uint8 step,
        uint64 eventTime,
        bytes32 eventHash,
        bytes32 corrects
    ) external;

    // -------------------------------------------------------------------------------------------------------------
    // Views
    // -------------------------------------------------------------------------------------------------------------

    /// @notice Which registration of `gtin` is authoritative: the brand registration, if any (see the contract notes).
    function resolve(string calldata gtin) external view returns (Resolution memory);

    /// @notice The registration `product`.
    function productOf(bytes32 product) external view returns (Product memory);

    /// @notice The batch or item `subject` of `product`, and whether it counts (registered in the current
    /// generation).
    function subjectOf(bytes32 product, bytes32 subject) external view returns (Subject memory record, bool live);

    /// @notice The designation of `actor` on `product` as stored, and the roles it holds now (zero once lapsed).
    function actorOf(bytes32 product, address actor) external view returns (Actor memory record, uint8 roles);

    /// @notice The company `product` is offered to, or zero.
    function transferOfferOf(bytes32 product) external view returns (address);

    /// @notice The commitment of `root` for `batch` of `product`, and whether it counts (current generation).
    function serialRootOf(
        bytes32 product,
        bytes32 batch,
        bytes32 root
    ) external view returns (SerialRoot memory record, bool live);

    /**
     * @notice Whether `serial` (with `salt`, zero if unsalted) was committed by the owner of the registration of
     * `gtin` in `namespace` (zero for the brand's) among the serials of lot `lot`, under the live root `root`, with
     * `proof`. This shows the serial was committed, not that a physical item carrying it is genuine.
     */
    function verifySerial(
        address namespace,
        string calldata gtin,
        string calldata lot,
        string calldata serial,
        bytes32 salt,
        bytes32 root,
        bytes32[] calldata proof
    ) external view returns (bool);

    /**
     * @notice Reverts unless `company` may write on `subject` (`product` itself, or one of its live batches or items)
     * now: `product` exists and is not discontinued, and `company` is its owner or an actor holding any one of
     * `roles`. Returns the product's constellation. Other contracts call it (Claims, with the claim-issuing roles).
     */
    function requireWriter(
        bytes32 product,
        bytes32 subject,
        address company,
        uint8 roles
    ) external view returns (uint64 constellation);

    /// @notice Whether `company` may record business step `step` on `product` now (as its owner or a fitting actor).
    function canRecord(bytes32 product, address company, uint8 step) external view returns (bool);

    /// @notice The {ProductRoles} bits that may record business step `step` (1 to 41); zero for "other" (owner only).
    function stepRoles(uint8 step) external pure returns (uint8);

    /// @notice `gtin` (8, 12, 13 or 14 digits) as a GTIN-14 value; reverts as {register} does on a bad GTIN.
    function gtin14(string calldata gtin) external pure returns (uint256);

    /// @notice The id of the registration of `gtin` in `namespace` (zero: the brand namespace).
    function productIdOf(address namespace, string calldata gtin) external pure returns (bytes32);

    /// @notice The id of batch `lot` of `product`; reverts on an invalid lot.
    function batchIdOf(bytes32 product, string calldata lot) external pure returns (bytes32);

    /// @notice The id of item `serial` of `product`; reverts on an invalid serial.
    function itemIdOf(bytes32 product, string calldata serial) external pure returns (bytes32);

    /// @notice The leaf of a serial root: OpenZeppelin's double-hashed leaf of `(gtin14, lot, serial, salt)`.
    function serialLeaf(
        uint256 gtin,
        string calldata lot,
        string calldata serial,
        bytes32 salt
    ) external pure returns (bytes32);

    /// @notice How far ahead of the block time an event time may be, for clocks that run slightly fast.
    function MAX_CLOCK_SKEW() external view returns (uint64);

    /// @notice The contract's version, as semantic versioning.
    function version() external view returns (string memory);
}
