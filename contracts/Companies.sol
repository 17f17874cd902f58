// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ActsForCompanies} from "./base/ActsForCompanies.sol";
import {ICompanies} from "./interfaces/ICompanies.sol";
import {OperatorPermissions} from "./libraries/OperatorPermissions.sol";

/**
 * @title Companies
 * @notice Company identity, operators and compromise marks. See {ICompanies}.
 */
contract Companies is ICompanies, ActsForCompanies {
    uint256 private constant _MAX_NAME = 64;
    uint256 private constant _MAX_REGISTRY_ID = 64;
    uint256 private constant _MAX_URI = 512;

    mapping(address company => Status) private _status;
    mapping(address company => Profile) private _profiles;
    mapping(address company => mapping(address operator => Operator)) private _operators;

    /// @inheritdoc ICompanies
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    /// @inheritdoc ICompanies
    function register(Profile calldata profile) external {
        _directActor();
        if (_status[msg.sender].registeredAt != 0) revert CompanyAlreadyRegistered(msg.sender);
        _validate(profile);
        _status[msg.sender].registeredAt = uint64(block.timestamp);
        _profiles[msg.sender] = profile;
        emit CompanyRegistered(msg.sender, profile);
    }

    /// @inheritdoc ICompanies
    function updateProfile(Profile calldata profile) external {
        address company = _registeredActor(OperatorPermissions.PROFILE);
        _validate(profile);
        _profiles[company] = profile;
        emit CompanyUpdated(company, profile);
    }

    /// @inheritdoc ICompanies
    function setOperator(address operator, uint192 permissions, uint64 expiresAt) external {
        _requireRegistered(_directActor());
        if (operator == address(0) || operator == msg.sender) revert InvalidOperator(msg.sender, operator);
        if (permissions == 0 || permissions & ~OperatorPermissions.ALL != 0) revert InvalidPermissions(permissions);
        if (expiresAt <= block.timestamp) revert ExpiryNotInFuture(expiresAt, uint64(block.timestamp));
        _operators[msg.sender][operator] = Operator({permissions: permissions, expiresAt: expiresAt});
        emit OperatorSet(msg.sender, operator, permissions, expiresAt);
    }

    /// @inheritdoc ICompanies
    function removeOperator(address operator) external {
        _directActor();
        if (_operators[msg.sender][operator].permissions == 0) revert NotAnOperator(msg.sender, operator);
        delete _operators[msg.sender][operator];
        emit OperatorRemoved(msg.sender, operator);
    }

    /// @inheritdoc ICompanies
    function markCompromised(uint64 since) external {
        _directActor();
        Status storage status = _status[msg.sender];
        if (status.registeredAt == 0) revert CompanyNotRegistered(msg.sender);
        uint64 current = status.compromisedFrom;
        if (since == 0 || (current != 0 && since >= current)) revert CompromiseNotEarlier(msg.sender, current, since);
        status.compromisedFrom = since;
        emit CompanyCompromised(msg.sender, since);
    }

    /// @inheritdoc ICompanies
    function isActing(address company, address account, uint256 permissions) public view returns (bool) {
        Status memory status = _status[company];
        if (status.registeredAt == 0) return false;
        if (account == company) return true;
        if (_isCompromised(status)) return false;
        return _holds(_operators[company][account], permissions);
    }

    /// @inheritdoc ICompanies
    function requireActing(address company, address account, uint256 permissions) public view {
        Status memory status = _status[company];
        if (status.registeredAt == 0) revert CompanyNotRegistered(company);
        if (account == company) return;
        if (_isCompromised(status)) revert CompanyIsCompromised(company, status.compromisedFrom);
        if (!_holds(_operators[company][account], permissions)) revert NotActingFor(company, account, permissions);
    }

    /// @inheritdoc ICompanies
    function isOperator(address company, address account) external view returns (bool) {
        return block.timestamp < _operators[company][account].expiresAt;
    }

    /// @inheritdoc ICompanies
    function isRegistered(address account) external view returns (bool) {
        return _status[account].registeredAt != 0;
    }

    /// @inheritdoc ICompanies
    function statusOf(address company) external view returns (Status memory) {
        return _status[company];
    }

    /// @inheritdoc ICompanies
    function profileOf(address company) external view returns (Profile memory) {
        return _profiles[company];
    }

    /// @inheritdoc ICompanies
    function operatorOf(address company, address operator) external view returns (Operator memory) {
        return _operators[company][operator];
    }

    function _requireActing(address company, address account, uint256 permissions) internal view override {
        requireActing(company, account, permissions);
    }

    function _requireRegistered(address account) private view {
        if (_status[account].registeredAt == 0) revert CompanyNotRegistered(account);
    }

    function _isCompromised(Status memory status) private view returns (bool) {
        return status.compromisedFrom != 0 && block.timestamp >= status.compromisedFrom;
    }

    /// @dev A zero mask means "no appointment", so asking for no permission still needs a live appointment.
    function _holds(Operator memory op, uint256 permissions) private view returns (bool) {
        return op.permissions != 0 && op.permissions & permissions == permissions && block.timestamp < op.expiresAt;
    }

    function _validate(Profile calldata profile) private pure {
        uint256 nameLength = bytes(profile.name).length;
        if (nameLength == 0) revert EmptyName();
        _checkLength("name", nameLength, _MAX_NAME);
        _checkLength("registryId", bytes(profile.registryId).length, _MAX_REGISTRY_ID);
        _checkLength("metadataURI", bytes(profile.metadataURI).length, _MAX_URI);
        _checkLength("dataEndpoint", bytes(profile.dataEndpoint).length, _MAX_URI);
    }

    function _checkLength(string memory field, uint256 length, uint256 max) private pure {
        if (length > max) revert FieldTooLong(field, length, max);
    }
}
