// The enum values of schema.graphql, so that a misspelt value fails to compile rather than to save.

export namespace ContractName {
  export const Companies = "Companies";
  export const Accreditations = "Accreditations";
  export const Constellations = "Constellations";
  export const Products = "Products";
  export const Claims = "Claims";
  export const Access = "Access";
}

export namespace CompanyChangeKind {
  export const Registered = "Registered";
  export const ProfileUpdated = "ProfileUpdated";
  export const Compromised = "Compromised";
}

export namespace OperatorChangeKind {
  export const Set = "Set";
  export const Removed = "Removed";
}

export namespace AccreditationChangeKind {
  export const Accredited = "Accredited";
  export const Revoked = "Revoked";
}

export namespace GovernanceTransferKind {
  export const Started = "Started";
  export const Completed = "Completed";
}

export namespace ConstellationChangeKind {
  export const Created = "Created";
  export const Updated = "Updated";
  export const Archived = "Archived";
}

export namespace JoinPath {
  export const Founded = "Founded";
  export const Invitation = "Invitation";
  export const Request = "Request";
}

export namespace MembershipExit {
  export const Left = "Left";
  export const Removed = "Removed";
}

export namespace InvitationStatus {
  export const Open = "Open";
  export const Accepted = "Accepted";
  export const Declined = "Declined";
  export const Withdrawn = "Withdrawn";
  export const Superseded = "Superseded";
}

export namespace JoinRequestStatus {
  export const Open = "Open";
  export const Approved = "Approved";
  export const Rejected = "Rejected";
  export const Cancelled = "Cancelled";
  export const Superseded = "Superseded";
}

export namespace MembershipChangeKind {
  export const Invited = "Invited";
  export const InvitationWithdrawn = "InvitationWithdrawn";
  export const InvitationDeclined = "InvitationDeclined";
  export const JoinRequested = "JoinRequested";
  export const JoinRequestCancelled = "JoinRequestCancelled";
  export const JoinRequestRejected = "JoinRequestRejected";
  export const Joined = "Joined";
  export const Left = "Left";
  export const Removed = "Removed";
  export const RolesChanged = "RolesChanged";
  export const PendingRolesChanged = "PendingRolesChanged";
}

export namespace ProductChangeKind {
  export const Registered = "Registered";
  export const Reclaimed = "Reclaimed";
  export const MetadataUpdated = "MetadataUpdated";
  export const Discontinued = "Discontinued";
  export const TransferOffered = "TransferOffered";
  export const TransferOfferWithdrawn = "TransferOfferWithdrawn";
  export const Transferred = "Transferred";
  export const ActorSet = "ActorSet";
  export const ActorRemoved = "ActorRemoved";
}

export namespace SubjectKind {
  export const Product = "Product";
  export const Batch = "Batch";
  export const Item = "Item";
  export const Company = "Company";
}

export namespace VerdictKind {
  export const Attested = "Attested";
  export const Rejected = "Rejected";
  export const Withdrawn = "Withdrawn";
}

export namespace AccessChangeKind {
  export const Granted = "Granted";
  export const Revoked = "Revoked";
  export const BlindedGranted = "BlindedGranted";
  export const BlindedRevoked = "BlindedRevoked";
}

/** IConstellations.Motion, in the contract's order. */
export const MOTION_KINDS: string[] = ["DemoteAdmin", "RemoveAdmin", "Archive", "AppointAdmin"];

/** IAccess.GranteeKind, in the contract's order. */
export const GRANTEE_KINDS: string[] = ["Account", "Constellation"];

/** The accreditation kind bits of the Accreditations contract, in bit order, with their enum values. */
export const ACCREDITATION_KIND_BITS: i32[] = [1, 2, 4];
export const ACCREDITATION_KINDS: string[] = ["GS1CompanyPrefix", "LegalEntity", "VerifierTopic"];

/** The AccreditationKind of a kind bit. */
export function accreditationKind(bit: i32): string {
  return ACCREDITATION_KINDS[ACCREDITATION_KIND_BITS.indexOf(bit)];
}
