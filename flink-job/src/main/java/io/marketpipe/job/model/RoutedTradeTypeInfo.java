package io.marketpipe.job.model;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** {@link RoutedTrade}'s type for Flink: serialized by {@link RoutedTradeSerializer}. */
public final class RoutedTradeTypeInfo extends TypeInformation<RoutedTrade> {
    private static final long serialVersionUID = 1L;

    /** What {@code @TypeInfo} on {@link RoutedTrade} names, so type extraction finds it. */
    public static final class Factory extends TypeInfoFactory<RoutedTrade> {
        @Override
        public TypeInformation<RoutedTrade> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new RoutedTradeTypeInfo();
        }
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<RoutedTrade> getTypeClass() {
        return RoutedTrade.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<RoutedTrade> createSerializer(ExecutionConfig config) {
        return new RoutedTradeSerializer();
    }

    @Override
    public String toString() {
        return "RoutedTrade";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof RoutedTradeTypeInfo;
    }

    @Override
    public int hashCode() {
        return RoutedTradeTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof RoutedTradeTypeInfo;
    }
}
